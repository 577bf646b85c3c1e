package dev.kanary.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small kustomize for the tests: builds a kustomization the way {@code kubectl apply -k} does,
 * for the subset of features Kanary's manifests use, and fails on anything else so that a manifest
 * can never rely on a feature the tests do not check.
 *
 * <p>Supported: {@code resources} (files and directories), {@code namespace} (on namespaced
 * objects, and on the ServiceAccount subjects of role bindings that name a ServiceAccount of the
 * build, as kustomize's name references do), {@code patches} holding JSON 6902 operations {@code
 * add}, {@code replace} and {@code remove} with a {@code group/version/kind/name} target and the
 * {@code allowKindChange}/{@code allowNameChange} options, and {@code configMapGenerator} with
 * {@code files}, {@code options.labels} and {@code options.disableNameSuffixHash: true}.
 */
final class Kustomize {

  /** YAML reader and writer shared by the shipping tests. */
  static final YAMLMapper YAML =
      new YAMLMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private static final Set<String> KEYS =
      Set.of(
          "apiVersion",
          "kind",
          "namespace",
          "resources",
          "patches",
          "configMapGenerator",
          "replacements");

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration");

  private Kustomize() {}

  /**
   * Builds a kustomization directory.
   *
   * @param dir the directory holding {@code kustomization.yaml}
   * @return the objects it renders, in order
   */
  static List<ObjectNode> build(Path dir) {
    JsonNode kustomization = readOne(dir.resolve("kustomization.yaml"));
    kustomization
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                    dir + ": kustomization field " + key + " is not supported by the test build");
              }
            });
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path path = dir.resolve(entry.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(build(path));
      } else {
        objects.addAll(readAll(path));
      }
    }
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      objects.add(configMap(dir, generator));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      applyPatch(dir, patch, objects);
    }
    if (kustomization.hasNonNull("namespace")) {
      setNamespace(objects, kustomization.get("namespace").asText());
    }
    for (JsonNode replacement : kustomization.path("replacements")) {
      replace(dir, replacement, objects);
    }
    return objects;
  }

  /**
   * Reads every document of a YAML file.
   *
   * @param file the file
   * @return its non-empty documents
   */
  static List<ObjectNode> readAll(Path file) {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<ObjectNode> objects = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          objects.add((ObjectNode) doc);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /**
   * Finds the one object of a kind and name.
   *
   * @param objects rendered objects
   * @param kind the kind
   * @param name the name
   * @return the object
   * @throws AssertionError when there is none or more than one
   */
  static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
    List<ObjectNode> found =
        objects.stream()
            .filter(o -> kind.equals(o.path("kind").asText()))
            .filter(o -> name.equals(o.path("metadata").path("name").asText()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " objects " + kind + "/" + name);
    }
    return found.get(0);
  }

  /**
   * The objects of a kind.
   *
   * @param objects rendered objects
   * @param kind the kind
   * @return those of that kind, in order
   */
  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private static JsonNode readOne(Path file) {
    List<ObjectNode> docs = readAll(file);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(file + " must hold one document");
    }
    return docs.get(0);
  }

  private static ObjectNode configMap(Path dir, JsonNode generator) {
    JsonNode options = generator.path("options");
    if (!options.path("disableNameSuffixHash").asBoolean(false)) {
      throw new IllegalArgumentException(
          dir + ": configMapGenerator needs options.disableNameSuffixHash: true here");
    }
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    map.put("apiVersion", "v1");
    map.put("kind", "ConfigMap");
    ObjectNode metadata = map.putObject("metadata");
    metadata.put("name", generator.path("name").asText());
    if (options.has("labels")) {
      metadata.set("labels", options.get("labels").deepCopy());
    }
    ObjectNode data = map.putObject("data");
    for (JsonNode file : generator.path("files")) {
      Path path = dir.resolve(file.asText());
      try {
        data.put(path.getFileName().toString(), Files.readString(path));
      } catch (IOException e) {
        throw new UncheckedIOException(path.toString(), e);
      }
    }
    return map;
  }

  private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> objects) {
    JsonNode operations;
    try {
      operations =
          patch.has("path")
              ? YAML.readTree(dir.resolve(patch.get("path").asText()).toFile())
              : YAML.readTree(patch.path("patch").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
    if (!operations.isArray()) {
      throw new IllegalArgumentException(dir + ": only JSON 6902 patches are supported here");
    }
    JsonNode target = patch.path("target");
    boolean kindChange = patch.path("options").path("allowKindChange").asBoolean(false);
    boolean nameChange = patch.path("options").path("allowNameChange").asBoolean(false);
    int matched = 0;
    for (ObjectNode object : objects) {
      if (!matches(target, object)) {
        continue;
      }
      matched++;
      String kind = object.path("kind").asText();
      String name = object.path("metadata").path("name").asText();
      for (JsonNode operation : operations) {
        apply(object, operation);
      }
      if (!kindChange && !kind.equals(object.path("kind").asText())) {
        throw new IllegalArgumentException(dir + ": patch changes a kind without allowKindChange");
      }
      if (!nameChange && !name.equals(object.path("metadata").path("name").asText())) {
        throw new IllegalArgumentException(dir + ": patch changes a name without allowNameChange");
      }
    }
    if (matched == 0) {
      throw new IllegalArgumentException(dir + ": patch target " + target + " matches nothing");
    }
  }

  private static boolean matches(JsonNode target, ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return field(target, "group", group)
        && field(target, "version", version)
        && field(target, "kind", object.path("kind").asText())
        && field(target, "name", object.path("metadata").path("name").asText());
  }

  private static boolean field(JsonNode target, String key, String value) {
    return !target.has(key) || value.matches(target.get(key).asText());
  }

  private static void apply(ObjectNode object, JsonNode operation) {
    String op = operation.path("op").asText();
    List<String> tokens = new ArrayList<>();
    for (String token : operation.path("path").asText().substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    JsonNode parent = object;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
      if (parent == null) {
        throw new IllegalArgumentException("patch path " + operation.path("path") + " not found");
      }
    }
    String last = tokens.get(tokens.size() - 1);
    JsonNode value = operation.get("value");
    switch (op) {
      case "add" -> {
        if (parent instanceof ArrayNode array) {
          if ("-".equals(last)) {
            array.add(value.deepCopy());
          } else {
            array.insert(Integer.parseInt(last), value.deepCopy());
          }
        } else {
          ((ObjectNode) parent).set(last, value.deepCopy());
        }
      }
      case "replace" -> {
        if (parent instanceof ArrayNode array) {
          array.set(Integer.parseInt(last), value.deepCopy());
        } else if (parent.has(last)) {
          ((ObjectNode) parent).set(last, value.deepCopy());
        } else {
          throw new IllegalArgumentException("replace of missing " + operation.path("path"));
        }
      }
      case "remove" -> {
        if (parent instanceof ArrayNode array) {
          array.remove(Integer.parseInt(last));
        } else if (((ObjectNode) parent).remove(last) == null) {
          throw new IllegalArgumentException("remove of missing " + operation.path("path"));
        }
      }
      default -> throw new IllegalArgumentException("patch op " + op + " is not supported here");
    }
  }

  private static void setNamespace(List<ObjectNode> objects, String namespace) {
    for (ObjectNode object : objects) {
      if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
        ((ObjectNode) object.get("metadata")).put("namespace", namespace);
      }
    }
  }

  private static void replace(Path dir, JsonNode replacement, List<ObjectNode> objects) {
    JsonNode source = replacement.path("source");
    List<ObjectNode> sources =
        objects.stream()
            .filter(o -> source.path("kind").asText().equals(o.path("kind").asText()))
            .filter(o -> source.path("name").asText().equals(o.at("/metadata/name").asText()))
            .toList();
    if (sources.size() != 1) {
      throw new IllegalArgumentException(dir + ": replacement source " + source + " not unique");
    }
    JsonNode value = at(sources.get(0), source.path("fieldPath").asText());
    if (value == null) {
      throw new IllegalArgumentException(dir + ": replacement source field missing: " + source);
    }
    for (JsonNode target : replacement.path("targets")) {
      JsonNode select = target.path("select");
      for (ObjectNode object : objects) {
        if (!select.path("kind").asText().equals(object.path("kind").asText())
            || (select.has("name")
                && !select.path("name").asText().equals(object.at("/metadata/name").asText()))) {
          continue;
        }
        for (JsonNode fieldPath : target.path("fieldPaths")) {
          String path = fieldPath.asText();
          int dot = path.lastIndexOf('.');
          JsonNode parent = at(object, path.substring(0, dot));
          String last = path.substring(dot + 1);
          if (parent instanceof ObjectNode node && node.has(last)) {
            node.set(last, value.deepCopy());
          } else {
            throw new IllegalArgumentException(dir + ": replacement target " + path + " missing");
          }
        }
      }
    }
  }

  private static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String token : dottedPath.split("\\.")) {
      current = current.isArray() ? current.get(Integer.parseInt(token)) : current.get(token);
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
