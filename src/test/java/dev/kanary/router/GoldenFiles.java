package dev.kanary.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compares routing objects with the expected YAML files of one router under {@code
 * src/test/resources/router/<router>/}; run with {@code -Dgolden.update=true} to rewrite the files
 * instead (then review the diff before committing).
 */
public final class GoldenFiles {

  private final Path directory;

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

  /**
   * The golden files of one router.
   *
   * @param router the router's folder under {@code src/test/resources/router/}
   */
  public GoldenFiles(String router) {
    this.directory = Path.of("src/test/resources/router", router);
  }

  /**
   * The folder of the golden files.
   *
   * @return it
   */
  public Path directory() {
    return directory;
  }

  /**
   * Renders objects as one YAML stream with a comment line, without server-set metadata and status.
   */
  public String render(String comment, List<? extends HasMetadata> objects) {
    StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        text.append("---\n");
      }
      Map<String, Object> object = YAML.convertValue(objects.get(i), new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      SERVER_FIELDS.forEach(metadata::remove);
      object.remove("status");
      try {
        text.append(YAML.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return text.toString();
  }

  /** Asserts that the text equals the golden file, or rewrites the file in update mode. */
  public void assertMatches(String name, String actual) {
    Path file = directory.resolve(name + ".yaml");
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
