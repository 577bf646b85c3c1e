package dev.kanary.loadtester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.config.KanaryConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The manifests' environment variables reach the load tester's configuration, beside the operator's
 * {@code kanary.*} configuration, which must not take them for its own.
 */
class LoadTesterConfigTest {

  private static SmallRyeConfig config(Map<String, String> env, Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new EnvConfigSource(env, 300))
        .withSources(new PropertiesConfigSource(properties, "test", 250))
        .withMapping(LoadTesterConfig.class)
        .withMapping(KanaryConfig.class)
        .withConverter(Duration.class, 100, LoadTesterConfigTest::duration)
        .build();
  }

  /** Quarkus' duration converter's simple forms ({@code 30s}, {@code 5m}, {@code 1h}) and ISO. */
  private static Duration duration(String text) {
    if (text.isBlank()) {
      return null;
    }
    return Duration.parse(text.matches("\\d+[smh]") ? "PT" + text.toUpperCase() : text);
  }

  @Test
  void defaultsAreFlaggers() {
    LoadTesterConfig config = config(Map.of(), Map.of()).getConfigMapping(LoadTesterConfig.class);
    assertFalse(config.enabled());
    assertEquals(Duration.ofHours(1), config.timeout());
    assertEquals(Optional.empty(), config.namespaceRegexp());
  }

  @Test
  void environmentVariablesOfTheManifestsApply() {
    SmallRyeConfig config =
        config(
            Map.of(
                "KANARY_LOADTESTER_ENABLED", "true",
                "KANARY_LOADTESTER_TIMEOUT", "5m",
                "KANARY_LOADTESTER_NAMESPACE_REGEXP", "^(prod|test)$"),
            Map.of());
    LoadTesterConfig loadTester = config.getConfigMapping(LoadTesterConfig.class);
    assertTrue(loadTester.enabled());
    assertEquals(Duration.ofMinutes(5), loadTester.timeout());
    assertEquals(Optional.of("^(prod|test)$"), loadTester.namespaceRegexp());
    assertEquals("istio", config.getConfigMapping(KanaryConfig.class).meshProvider());
  }

  @Test
  void propertiesApply() {
    LoadTesterConfig config =
        config(
                Map.of(),
                Map.of(LoadTesterConfig.ENABLED, "true", "kanary-loadtester.timeout", "30s"))
            .getConfigMapping(LoadTesterConfig.class);
    assertTrue(config.enabled());
    assertEquals(Duration.ofSeconds(30), config.timeout());
  }
}
