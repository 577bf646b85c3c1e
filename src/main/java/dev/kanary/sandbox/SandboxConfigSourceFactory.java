package dev.kanary.sandbox;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the Kubernetes client at the sandbox when {@code kanary.sandbox.enabled} selects it,
 * starting the simulated API server first, and gives Kanary the sandbox's Prometheus as its metrics
 * server. Explicit settings and environment variables still win.
 */
public class SandboxConfigSourceFactory implements ConfigSourceFactory {

  /** Below application.properties: the sandbox's defaults give way to any setting. */
  private static final int DEFAULTS_ORDINAL = 150;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue setting = context.getValue("kanary.sandbox.enabled");
    ConfigValue apiServer = context.getValue(SandboxCluster.API_SERVER_URL);
    boolean selected =
        SandboxCluster.running().filter(url -> url.equals(apiServer.getValue())).isPresent()
            || SandboxCluster.selected(
                setting.getValue(),
                System.getenv(),
                Path.of(System.getProperty("user.home", "/")),
                apiServer.getValue() != null);
    if (!selected) {
      return List.of();
    }
    ConfigValue port = context.getValue("kanary.sandbox.port");
    String url =
        SandboxCluster.start(
            port.getValue() == null ? 0 : Integer.parseInt(port.getValue().trim()));
    return List.of(
        new PropertiesConfigSource(
            Map.of(
                SandboxCluster.API_SERVER_URL,
                url,
                "quarkus.kubernetes-client.trust-certs",
                "true",
                "quarkus.kubernetes-client.namespace",
                "prod",
                "kanary.slack.url",
                Sandbox.SLACK_WEBHOOK,
                "kanary.slack.channel",
                "general",
                "kanary.slack.user",
                "flagger"),
            SandboxCluster.SOURCE_NAME,
            275),
        new PropertiesConfigSource(
            Map.of("kanary.metrics-server", Sandbox.PROMETHEUS_URL),
            SandboxCluster.SOURCE_NAME + "Defaults",
            DEFAULTS_ORDINAL));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(275);
  }
}
