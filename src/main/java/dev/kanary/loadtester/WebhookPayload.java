package dev.kanary.loadtester;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body Kanary and Flagger POST to webhooks: {@code {"name", "namespace", "phase",
 * "metadata": {...}}}.
 *
 * @param name the canary's name
 * @param namespace the canary's namespace
 * @param phase the canary's phase
 * @param metadata the webhook's metadata, empty when absent
 */
public record WebhookPayload(
    String name, String namespace, String phase, Map<String, String> metadata) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Decodes a payload the way Go's {@code json.Unmarshal} does into Flagger's payload type: unknown
   * fields are ignored, metadata values must be strings.
   *
   * @param body the request body
   * @return the payload
   * @throws IllegalArgumentException when the body is not such a JSON object
   */
  public static WebhookPayload parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new IllegalArgumentException("the payload is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = root.path("metadata");
    if (!meta.isMissingNode() && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new IllegalArgumentException("metadata is not an object");
      }
      meta.fields()
          .forEachRemaining(
              field -> {
                if (!field.getValue().isTextual()) {
                  throw new IllegalArgumentException(
                      "metadata value of " + field.getKey() + " is not a string");
                }
                metadata.put(field.getKey(), field.getValue().asText());
              });
    }
    return new WebhookPayload(
        text(root, "name"), text(root, "namespace"), text(root, "phase"), Map.copyOf(metadata));
  }

  /**
   * The canary's key in logs and gates.
   *
   * @return {@code name.namespace}
   */
  public String canary() {
    return name + "." + namespace;
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return node.asText();
  }
}
