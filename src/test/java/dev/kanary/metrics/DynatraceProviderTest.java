package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.MetricProviderException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynatraceProviderTest {

  private static final long NOW = 1764144000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final String QUERY =
      "builtin:service.response.time:filter(eq(\"dt.entity.service\",\"SERVICE-1\"))"
          + ":percentile(99)";
  private static final Map<String, String> SECRET = Map.of("dynatrace_token", "dt0c01.secret");

  private final FakeProviderServer dynatrace = FakeProviderServer.start();

  @AfterEach
  void stop() {
    dynatrace.close();
  }

  @Test
  void queriesTheLastTenIntervalsWithTheTokenAndReadsTheValue() throws Exception {
    dynatrace.answer(200, "application/json", "dynatrace-query.json");

    double value = provider(SECRET, Duration.ofMinutes(1)).runQuery(QUERY);

    assertEquals(231.5, value);
    FakeProviderServer.Request request = dynatrace.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/api/v2/metrics/query", request.path());
    assertEquals(QUERY, request.parameter("metricSelector"));
    assertEquals("Inf", request.parameter("resolution"));
    assertEquals(String.valueOf((NOW - 600) * 1000), request.parameter("from"));
    assertEquals(String.valueOf(NOW * 1000), request.parameter("to"));
    assertEquals("Api-Token dt0c01.secret", request.header("Authorization"));
  }

  @Test
  void reportsAResultWithoutDataAsNoValues() {
    dynatrace.answer(200, "application/json", "dynatrace-empty.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(SECRET, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.NO_VALUES, error.kind());
    assertEquals("no values found: the first Dynatrace result has no data", error.getMessage());
  }

  @Test
  void reportsOnlyNullValuesAsNoValues() {
    dynatrace.answerBody(
        200,
        "application/json",
        "{\"totalCount\":1,\"resolution\":\"Inf\",\"result\":[{\"metricId\":\"m\",\"data\":"
            + "[{\"dimensions\":[],\"dimensionMap\":{},\"timestamps\":[1764144000000],"
            + "\"values\":[null]}]}]}");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(SECRET, Duration.ofMinutes(1)).runQuery(QUERY));

    assertTrue(error.noValues());
  }

  @Test
  void reportsAnErrorStatusWithItsBodyButNeverTheToken() {
    dynatrace.answer(401, "application/json", "dynatrace-unauthorized.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(SECRET, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertEquals(
        "Dynatrace "
            + dynatrace.url()
            + " answered HTTP 401: {\"error\": {\"code\": 401, \"message\": \"Token Authentication"
            + " failed\"}}",
        error.getMessage());
  }

  @Test
  void reportsADynatraceThatDoesNotAnswerInTime() {
    dynatrace.hang();
    DynatraceProvider provider =
        assertDoesNotThrow(
            () ->
                new DynatraceProvider(
                    new ProviderSettings(
                        HTTP.get(false),
                        dynatrace.url(),
                        SECRET,
                        Duration.ofMinutes(1),
                        CLOCK,
                        Duration.ofMillis(300))));

    MetricProviderException error =
        assertThrows(MetricProviderException.class, () -> provider.runQuery(QUERY));

    assertEquals(Kind.TIMEOUT, error.kind());
    assertEquals(
        "Dynatrace " + dynatrace.url() + " did not answer within 300ms", error.getMessage());
  }

  @Test
  void needsTheToken() {
    MetricProviderException error =
        assertThrows(
            MetricProviderException.class, () -> provider(Map.of(), Duration.ofMinutes(1)));

    assertEquals("dynatrace credentials do not contain dynatrace_token", error.getMessage());
  }

  @Test
  void isOnlineWhenDynatraceListsAMetric() throws Exception {
    dynatrace.answerBody(200, "application/json", "{\"totalCount\":1,\"metrics\":[]}");

    assertTrue(provider(SECRET, Duration.ofMinutes(1)).isOnline());

    assertEquals("/api/v2/metrics", dynatrace.lastRequest().path());
    assertEquals("1", dynatrace.lastRequest().parameter("pageSize"));
    assertEquals("Api-Token dt0c01.secret", dynatrace.lastRequest().header("Authorization"));
  }

  private DynatraceProvider provider(Map<String, String> secret, Duration interval)
      throws MetricProviderException {
    return new DynatraceProvider(
        new ProviderSettings(
            HTTP.get(false), dynatrace.url(), secret, interval, CLOCK, Duration.ofSeconds(5)));
  }
}
