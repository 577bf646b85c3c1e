package dev.kanary.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compares the canary Ingress with the expected YAML files under {@code
 * src/test/resources/router/nginx/}; run with {@code -Dgolden.update=true} to rewrite the files
 * instead (then review the diff before committing).
 */
final class GoldenFiles {

  static final Path DIRECTORY = Path.of("src/test/resources/router/nginx");

  private static final List<String> SERVER_FIELDS =
      List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields");

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private GoldenFiles() {}

  /** Renders an Ingress as YAML after a comment line, without server-set metadata. */
  static String render(String comment, Ingress ingress) {
    Map<String, Object> object = YAML.convertValue(ingress, new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    SERVER_FIELDS.forEach(metadata::remove);
    object.remove("status");
    try {
      return "# " + comment + '\n' + YAML.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that the text equals the golden file, or rewrites the file in update mode. */
  static void assertMatches(String name, String actual) {
    Path file = DIRECTORY.resolve(name + ".yaml");
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.writeString(file, actual);
        return;
      }
      String expected = Files.exists(file) ? Files.readString(file) : "";
      assertEquals(
          expected,
          actual,
          () -> file + " differs; after checking the change, rerun with -Dgolden.update=true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
