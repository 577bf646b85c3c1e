package dev.kanary.router.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Comparator;
import java.util.Map;

/**
 * Converts routing specs (Istio, Gateway API) between the maps of a generic Kubernetes resource,
 * Kanary's models and JSON text, and compares them.
 *
 * <p>The mapper ignores fields the models do not know inside the parts Kanary owns (for example a
 * newer field in a match), so an object edited by a newer tool can still be read; the models'
 * catch-all of unmodelled fields keeps the others.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** Equal JSON values, where numbers compare by value ({@code 50} equals {@code 50.0}). */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.equals(b)) {
          return 0;
        }
        if (a.isNumber() && b.isNumber()) {
          return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return 1;
      };

  private SpecJson() {}

  /**
   * Reads a value (a map from a generic resource, or a model) as another type.
   *
   * @param value the value, or null
   * @param type the type to read it as
   * @param <T> the type
   * @return the converted value, or null when the value is null
   */
  public static <T> T convert(Object value, Class<T> type) {
    return value == null ? null : MAPPER.convertValue(value, type);
  }

  /**
   * Deep-copies a model by writing and reading it back.
   *
   * @param value the model, or null
   * @param <T> its type
   * @return an independent copy, or null
   */
  @SuppressWarnings("unchecked")
  public static <T> T copy(T value) {
    return value == null ? null : (T) MAPPER.convertValue(value, value.getClass());
  }

  /**
   * Writes a model as the nested maps a generic resource holds.
   *
   * @param value the model
   * @return its fields as maps, lists and scalars
   */
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, MAP);
  }

  /**
   * Writes a value as compact JSON text.
   *
   * @param value the value
   * @return the JSON text
   */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Parses a JSON object.
   *
   * @param json the JSON text of an object
   * @return its fields as maps, lists and scalars
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static Map<String, Object> parseObject(String json) {
    try {
      return MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Tells whether two values have the same JSON form, numbers compared by value.
   *
   * @param a a value (maps, a model, or null)
   * @param b another value
   * @return true when both write the same JSON
   */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    JsonNode left = MAPPER.valueToTree(a);
    JsonNode right = MAPPER.valueToTree(b);
    return left.equals(SAME_VALUE, right);
  }
}
