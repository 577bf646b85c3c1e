package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.MetricProviderException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatadogProviderTest {

  private static final long NOW = 1764144000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final String QUERY = "avg:trace.http.request.errors{service:podinfo}.as_count()";
  private static final Map<String, String> KEYS =
      Map.of("datadog_api_key", "api-key-0123456789", "datadog_application_key", "app-key-987654");

  private final FakeProviderServer datadog = FakeProviderServer.start();

  @AfterEach
  void stop() {
    datadog.close();
  }

  @Test
  void queriesTheLastTenIntervalsWithBothKeysAndReadsTheFirstPointOfTheFirstSeries()
      throws Exception {
    datadog.answer(200, "application/json", "datadog-query.json");

    double value = provider(datadog.url(), KEYS, Duration.ofMinutes(1)).runQuery(QUERY);

    assertEquals(1.25, value);
    FakeProviderServer.Request request = datadog.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/api/v1/query", request.path());
    assertEquals(QUERY, request.parameter("query"));
    assertEquals(String.valueOf(NOW - 600), request.parameter("from"));
    assertEquals(String.valueOf(NOW), request.parameter("to"));
    assertEquals("api-key-0123456789", request.header("DD-API-KEY"));
    assertEquals("app-key-987654", request.header("DD-APPLICATION-KEY"));
  }

  @Test
  void keepsThePathOfTheAddressAndScalesTheWindowWithTheInterval() throws Exception {
    datadog.answer(200, "application/json", "datadog-query.json");

    provider(datadog.url() + "/proxy/", KEYS, Duration.ofSeconds(30)).runQuery(QUERY);

    assertEquals("/proxy/api/v1/query", datadog.lastRequest().path());
    assertEquals(String.valueOf(NOW - 300), datadog.lastRequest().parameter("from"));
  }

  @Test
  void reportsNoSeriesAsNoValues() throws Exception {
    datadog.answer(200, "application/json", "datadog-empty.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(datadog.url(), KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.NO_VALUES, error.kind());
    assertTrue(error.noValues());
    assertEquals("no values found: Datadog returned no series", error.getMessage());
  }

  @Test
  void reportsAnErrorInASuccessfulAnswerAsAQueryError() {
    datadog.answerBody(
        200,
        "application/json",
        "{\"status\":\"error\",\"res_type\":\"time_series\",\"series\":[],"
            + "\"error\":\"Error parsing query: unable to parse avg:x{: Rule 'scope_expr' didn't"
            + " match\"}");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(datadog.url(), KEYS, Duration.ofMinutes(1)).runQuery("avg:x{"));

    assertEquals(Kind.QUERY_ERROR, error.kind());
    assertEquals(
        "Datadog refused the query: Error parsing query: unable to parse avg:x{: Rule"
            + " 'scope_expr' didn't match",
        error.getMessage());
  }

  @Test
  void reportsAnErrorStatusWithItsBodyButNeverTheKeys() throws Exception {
    datadog.answer(403, "application/json", "datadog-forbidden.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(datadog.url(), KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertEquals(
        "Datadog " + datadog.url() + " answered HTTP 403: {\"errors\": [\"Forbidden\"]}",
        error.getMessage());
  }

  @Test
  void redactsAKeyThatAnErrorBodyEchoes() throws Exception {
    datadog.answerBody(400, "application/json", "{\"errors\":[\"bad key api-key-0123456789\"]}");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(datadog.url(), KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(
        "Datadog " + datadog.url() + " answered HTTP 400: {\"errors\":[\"bad key <redacted>\"]}",
        error.getMessage());
  }

  @Test
  void reportsAnUnreachableDatadogWithoutTheKeys() throws Exception {
    String address = closedAddress();

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(address, KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.UNREACHABLE, error.kind());
    assertTrue(error.getMessage().startsWith("Datadog " + address + " is unreachable"));
    assertFalse(error.getMessage().contains("key-"));
  }

  @Test
  void needsBothKeys() {
    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () ->
                provider(
                    datadog.url(),
                    Map.of("datadog_api_key", "api-key-0123456789"),
                    Duration.ofMinutes(1)));

    assertEquals(Kind.INVALID_REQUEST, error.kind());
    assertEquals("datadog credentials do not contain datadog_application_key", error.getMessage());
  }

  @Test
  void isOnlineWhenDatadogValidatesTheKeys() throws Exception {
    datadog.answerBody(200, "application/json", "{\"valid\":true}");

    assertTrue(provider(datadog.url(), KEYS, Duration.ofMinutes(1)).isOnline());

    FakeProviderServer.Request request = datadog.lastRequest();
    assertEquals("/api/v1/validate", request.path());
    assertEquals("api-key-0123456789", request.header("DD-API-KEY"));
    assertEquals("app-key-987654", request.header("DD-APPLICATION-KEY"));
  }

  @Test
  void isNotOnlineWhenDatadogRejectsTheKeys() {
    datadog.answer(403, "application/json", "datadog-forbidden.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(datadog.url(), KEYS, Duration.ofMinutes(1)).isOnline());

    assertEquals(Kind.HTTP_STATUS, error.kind());
  }

  private static DatadogProvider provider(
      String address, Map<String, String> secret, Duration interval)
      throws MetricProviderException {
    return new DatadogProvider(
        new ProviderSettings(
            HTTP.get(false), address, secret, interval, CLOCK, Duration.ofSeconds(5)));
  }

  private static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
