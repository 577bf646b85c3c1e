package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checksums: Go-compatible JSON of string maps and canonical hashes of model objects. */
class HashesTest {

  @Test
  void sha256PrefixIsTheFirstEightBytesInHex() {
    assertEquals("e3b0c44298fc1c14", Hashes.sha256Prefix("".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "plain|{\"k\":\"plain\"}",
        "a \"quote\" and \\ slash|{\"k\":\"a \\\"quote\\\" and \\\\ slash\"}",
        "<html> & co|{\"k\":\"\\u003chtml\\u003e \\u0026 co\"}",
        "é ✓ 😀|{\"k\":\"é ✓ 😀\"}",
      })
  void goJsonEscapesLikeGo(String value, String json) {
    assertEquals(json, Hashes.goJson(Map.of("k", value)));
  }

  @Test
  void goJsonEscapesControlCharactersAndSeparators() {
    assertEquals(
        "{\"k\":\"\\n\\r\\t\\b\\f\\u0001\\u2028\\u2029\\ufffd\"}",
        Hashes.goJson(Map.of("k", "\n\r\t\b\f\u0001\u2028\u2029\ud800")));
  }

  @Test
  void goJsonSortsKeysByTheirBytesAndWritesEmptyAsNull() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("b", "2");
    map.put("B", "1");
    map.put("a", "3");
    assertEquals("{\"B\":\"1\",\"a\":\"3\",\"b\":\"2\"}", Hashes.goJson(map));
    assertEquals("null", Hashes.goJson(Map.of()));
    assertEquals("null", Hashes.goJson(null));
  }

  @Test
  void canonicalHashIgnoresMapOrder() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("b", Map.of("y", 1, "x", 2));
    first.put("a", "1");
    Map<String, Object> second = new TreeMap<>(first);

    assertEquals(Hashes.canonical(serialization, first), Hashes.canonical(serialization, second));
    assertNotEquals(
        Hashes.canonical(serialization, first),
        Hashes.canonical(serialization, Map.of("a", "2", "b", Map.of("y", 1, "x", 2))));
  }
}
