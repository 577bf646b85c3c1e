package dev.kanary.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Validates manifests against the CRD schemas Kanary ships, as an API server would. */
class CrdSchemaTest {

  private static final Path MANIFESTS = Path.of("src", "test", "resources", "manifests");

  private static final Map<String, String> PLURAL_BY_KIND =
      Map.of(
          "Canary",
          "canaries",
          "MetricTemplate",
          "metrictemplates",
          "AlertProvider",
          "alertproviders");

  @TestFactory
  Stream<DynamicTest> validManifestsAreAccepted() throws IOException {
    return manifests("valid")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      List<String> errors = validate(file);
                      assertTrue(errors.isEmpty(), file + " rejected: " + errors);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidManifestsAreRejectedNamingTheField() throws IOException {
    return manifests("invalid")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      String expected = expectedPath(file);
                      List<String> errors = validate(file);
                      assertFalse(errors.isEmpty(), file + " was accepted");
                      assertTrue(
                          errors.stream().anyMatch(e -> e.startsWith(expected + ":")),
                          file + " should be rejected naming " + expected + ", got " + errors);
                    }));
  }

  @Test
  void sandboxTutorialResourcesAreValid() throws IOException {
    List<String> errors = new ArrayList<>();
    int checked = 0;
    try (var parser =
        CrdFiles.YAML
            .getFactory()
            .createParser(Path.of("src/main/resources/sandbox/tutorial.yaml").toFile())) {
      for (JsonNode resource : CrdFiles.YAML.readValues(parser, JsonNode.class).readAll()) {
        String plural = PLURAL_BY_KIND.get(resource.path("kind").asText());
        if (plural != null) {
          checked++;
          OpenApiSchemaValidator.validate(CrdFiles.schema(plural), resource).stream()
              .map(e -> resource.path("metadata").path("name").asText() + ": " + e)
              .forEach(errors::add);
        }
      }
    }
    assertEquals(4, checked, "flagger.app resources in the sandbox tutorial");
    assertEquals(List.of(), errors);
  }

  @Test
  void thereAreManifestsOfEveryKindBothWays() throws IOException {
    for (String way : List.of("valid", "invalid")) {
      List<String> kinds = new ArrayList<>();
      for (Path file : manifests(way).toList()) {
        kinds.add(CrdFiles.YAML.readTree(file.toFile()).path("kind").asText());
      }
      assertTrue(kinds.containsAll(PLURAL_BY_KIND.keySet()), way + " manifests cover " + kinds);
    }
  }

  @Test
  void schemaCoversEveryPropertyPathOfFlaggersCrd() throws IOException {
    List<String> missing = new ArrayList<>();
    List<String> lines =
        Files.readAllLines(Path.of("src/test/resources/flagger-v1beta1-paths.txt"));
    int checked = 0;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      JsonNode node = CrdFiles.schema(PLURAL_BY_KIND.get(parts[0]));
      for (String step : parts[1].split("\\.")) {
        node = descend(node, step);
      }
      checked++;
      if (node.isMissingNode() || !compatibleType(parts[2], node)) {
        missing.add(
            line + (node.isMissingNode() ? " (absent)" : " (type " + node.path("type") + ")"));
      }
    }
    assertTrue(checked > 250, "paths checked: " + checked);
    assertEquals(List.of(), missing);
  }

  @Test
  void canaryAnalysisAliasHasTheSameSchemaAsAnalysis() throws IOException {
    JsonNode spec = CrdFiles.schema("canaries").path("properties").path("spec").path("properties");
    assertEquals(
        stripDescriptions(spec.get("analysis")), stripDescriptions(spec.get("canaryAnalysis")));
  }

  private static JsonNode stripDescriptions(JsonNode node) {
    JsonNode copy = node.deepCopy();
    copy.findParents("description")
        .forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("description"));
    return copy;
  }

  private static JsonNode descend(JsonNode node, String step) {
    String name = step.replace("[]", "").replace("{}", "");
    JsonNode next = node.path("properties").path(name);
    if (step.endsWith("[]")) {
      next = next.path("items");
    } else if (step.endsWith("{}")) {
      next = next.path("additionalProperties");
    }
    return next;
  }

  /** Kanary may narrow Flagger's number to integer for counts and weights (compatibility.md). */
  private static boolean compatibleType(String flaggerType, JsonNode node) {
    String type = node.path("type").asText("");
    return switch (flaggerType) {
      case "int-or-string" -> node.path("x-kubernetes-int-or-string").asBoolean();
      case "number" -> type.equals("number") || type.equals("integer");
      default -> type.equals(flaggerType);
    };
  }

  private static Stream<Path> manifests(String way) throws IOException {
    try (Stream<Path> files = Files.list(MANIFESTS.resolve(way))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  private static List<String> validate(Path file) throws IOException {
    JsonNode resource = CrdFiles.YAML.readTree(file.toFile());
    String plural = PLURAL_BY_KIND.get(resource.path("kind").asText());
    if (plural == null || !"flagger.app/v1beta1".equals(resource.path("apiVersion").asText())) {
      return List.of("apiVersion/kind: not a flagger.app/v1beta1 resource");
    }
    return OpenApiSchemaValidator.validate(CrdFiles.schema(plural), resource);
  }

  private static String expectedPath(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    if (!first.startsWith("# expect: ")) {
      throw new IllegalStateException(file + " lacks its '# expect: <path>' first line");
    }
    return first.substring("# expect: ".length()).trim();
  }
}
