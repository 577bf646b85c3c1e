package dev.kanary.canary.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The checksums Kanary writes to a Canary's status: revision hashes and config checksums. */
final class Hashes {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Hashes() {}

  /**
   * Hashes an object through its canonical JSON form: the JSON the Kubernetes serialization writes,
   * with every object's keys sorted, so that equal objects hash equally whatever the order of their
   * maps.
   *
   * @param serialization the serialization of the Kubernetes model
   * @param value the object
   * @return the first 8 bytes of the SHA-256 of the canonical JSON, as 16 hex digits
   */
  static String canonical(KubernetesSerialization serialization, Object value) {
    Object tree = serialization.convertValue(value, Object.class);
    try {
      return sha256Prefix(CANONICAL.writeValueAsBytes(tree));
    } catch (JsonProcessingException e) {
      throw new WorkloadException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The first 8 bytes of the SHA-256 of some bytes.
   *
   * @param bytes the bytes
   * @return 16 lower-case hex digits
   */
  static String sha256Prefix(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Writes a string map as Go's {@code encoding/json} does: keys sorted by their UTF-8 bytes,
   * {@code <}, {@code >} and {@code &} escaped, an empty or absent map written as {@code null}.
   * Checksums over this form equal Flagger's for the same data.
   *
   * @param map the map, or null
   * @return the JSON text
   */
  static String goJson(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return "null";
    }
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    StringBuilder json = new StringBuilder("{");
    for (String key : keys) {
      if (json.length() > 1) {
        json.append(',');
      }
      appendGoString(json, key);
      json.append(':');
      appendGoString(json, map.get(key) == null ? "" : map.get(key));
    }
    return json.append('}').toString();
  }

  private static void appendGoString(StringBuilder json, String text) {
    json.append('"');
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        json.append(c).append(text.charAt(i + 1));
        i += 2;
        continue;
      }
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> appendOther(json, c);
      }
      i++;
    }
    json.append('"');
  }

  private static void appendOther(StringBuilder json, char c) {
    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
      json.append("\\u")
          .append(HEX[c >> 12])
          .append(HEX[(c >> 8) & 0xF])
          .append(HEX[(c >> 4) & 0xF])
          .append(HEX[c & 0xF]);
    } else if (Character.isSurrogate(c)) {
      json.append("\\ufffd");
    } else {
      json.append(c);
    }
  }
}
