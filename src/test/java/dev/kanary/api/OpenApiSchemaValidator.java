package dev.kanary.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates an object against a CRD's structural OpenAPI v3 schema the way the Kubernetes API
 * server does with strict field validation: defaults first, then types, enums, patterns, bounds,
 * required fields, unknown fields and {@code x-kubernetes-validations} rules. Each error names the
 * offending field path, as {@code kubectl apply} reports it.
 */
final class OpenApiSchemaValidator {

  /** Fields every Kubernetes object has, validated by the API server itself. */
  private static final List<String> ROOT_FIELDS = List.of("apiVersion", "kind", "metadata");

  private OpenApiSchemaValidator() {}

  /**
   * Validates a whole resource.
   *
   * @param schema the version's {@code openAPIV3Schema}
   * @param resource the resource, which is defaulted in place
   * @return the errors, each starting with the field path; empty when valid
   */
  static List<String> validate(JsonNode schema, JsonNode resource) {
    applyDefaults(schema, resource);
    List<String> errors = new ArrayList<>();
    for (String root : List.of("spec", "status")) {
      JsonNode property = schema.path("properties").path(root);
      if (resource.has(root)) {
        check(property, resource.get(root), root, errors);
      }
    }
    checkRequired(schema, resource, "", errors);
    Iterator<String> names = resource.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!ROOT_FIELDS.contains(name) && !schema.path("properties").has(name)) {
        errors.add(name + ": unknown field \"" + name + "\"");
      }
    }
    return errors;
  }

  private static void applyDefaults(JsonNode schema, JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        if (object.has(property.getKey())) {
          applyDefaults(property.getValue(), object.get(property.getKey()));
        }
      }
      if (schema.has("additionalProperties")) {
        object.forEach(value -> applyDefaults(schema.get("additionalProperties"), value));
      }
    } else if (node != null && node.isArray() && schema.has("items")) {
      node.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  private static void check(JsonNode schema, JsonNode node, String path, List<String> errors) {
    if (!checkType(schema, node, path, errors)) {
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(node);
      }
      if (!found) {
        errors.add(
            path + ": Unsupported value: " + node + ": supported values: " + schema.get("enum"));
      }
    }
    if (node.isTextual()) {
      checkString(schema, node.asText(), path, errors);
    }
    if (node.isNumber()) {
      checkNumber(schema, node, path, errors);
    }
    if (node.isArray()) {
      if (schema.has("maxItems") && node.size() > schema.get("maxItems").asInt()) {
        errors.add(
            path
                + ": Too many: "
                + node.size()
                + ": must have at most "
                + schema.get("maxItems")
                + " items");
      }
      for (int i = 0; i < node.size(); i++) {
        check(schema.path("items"), node.get(i), path + "[" + i + "]", errors);
      }
    }
    if (node.isObject()) {
      checkObject(schema, node, path, errors);
    }
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      boolean ok;
      try {
        ok = CelSubset.evaluate(validation.get("rule").asText(), node);
      } catch (IllegalArgumentException e) {
        errors.add(path + ": Invalid value: rule could not be evaluated: " + e.getMessage());
        continue;
      }
      if (!ok) {
        errors.add(path + ": Invalid value: \"object\": " + validation.path("message").asText());
      }
    }
  }

  private static boolean checkType(
      JsonNode schema, JsonNode node, String path, List<String> errors) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        errors.add(path + ": Invalid value: " + node + ": must be an integer or a string");
        return false;
      }
      return true;
    }
    String type = schema.path("type").asText("");
    boolean ok =
        switch (type) {
          case "object" -> node.isObject();
          case "array" -> node.isArray();
          case "string" -> node.isTextual();
          case "integer" ->
              node.isIntegralNumber()
                  || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
          case "number" -> node.isNumber();
          case "boolean" -> node.isBoolean();
          default -> true;
        };
    if (!ok) {
      errors.add(path + ": Invalid value: " + node + ": must be of type " + type);
    }
    return ok;
  }

  private static void checkString(JsonNode schema, String value, String path, List<String> errors) {
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value).find()) {
      errors.add(
          path
              + ": Invalid value: \""
              + value
              + "\": should match '"
              + schema.get("pattern").asText()
              + "'");
    }
    if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
      errors.add(path + ": Too long: may not be more than " + schema.get("maxLength") + " bytes");
    }
    if (schema.has("minLength") && value.length() < schema.get("minLength").asInt()) {
      errors.add(
          path
              + ": Invalid value: \""
              + value
              + "\": should be at least "
              + schema.get("minLength")
              + " chars long");
    }
  }

  private static void checkNumber(
      JsonNode schema, JsonNode node, String path, List<String> errors) {
    if (schema.has("minimum") && node.asDouble() < schema.get("minimum").asDouble()) {
      errors.add(
          path
              + ": Invalid value: "
              + node
              + ": should be greater than or equal to "
              + schema.get("minimum"));
    }
    if (schema.has("maximum") && node.asDouble() > schema.get("maximum").asDouble()) {
      errors.add(
          path
              + ": Invalid value: "
              + node
              + ": should be less than or equal to "
              + schema.get("maximum"));
    }
  }

  private static void checkObject(
      JsonNode schema, JsonNode node, String path, List<String> errors) {
    checkRequired(schema, node, path, errors);
    boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode property = schema.path("properties").get(field.getKey());
      if (property != null) {
        check(property, field.getValue(), path + "." + field.getKey(), errors);
      } else if (schema.has("additionalProperties")) {
        check(
            schema.get("additionalProperties"),
            field.getValue(),
            path + "[" + field.getKey() + "]",
            errors);
      } else if (!open) {
        errors.add(
            path
                + "."
                + field.getKey()
                + ": unknown field \""
                + path
                + "."
                + field.getKey()
                + "\"");
      }
    }
  }

  private static void checkRequired(
      JsonNode schema, JsonNode node, String path, List<String> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!node.has(required.asText()) || node.get(required.asText()).isNull()) {
        String field = path.isEmpty() ? required.asText() : path + "." + required.asText();
        errors.add(field + ": Required value");
      }
    }
  }
}
