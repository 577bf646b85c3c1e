package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InfluxdbProviderTest {

  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final String CSV = "text/csv; charset=utf-8";
  private static final String QUERY =
      "from(bucket: \"metrics\") |> range(start: -1m) |> filter(fn: (r) => r._field == \"errors\")"
          + " |> sum()";
  private static final Map<String, String> SECRET =
      Map.of("token", "influx-token-secret", "org", "my org");

  private final FakeProviderServer influx = FakeProviderServer.start();

  @AfterEach
  void stop() {
    influx.close();
  }

  @Test
  void postsTheFluxQueryWithTheTokenAndReadsTheFirstValue() throws Exception {
    influx.answer(200, CSV, "influxdb-query.csv");

    double value = provider(SECRET).runQuery(QUERY);

    assertEquals(0.75, value);
    FakeProviderServer.Request request = influx.lastRequest();
    assertEquals("POST", request.method());
    assertEquals("/api/v2/query", request.path());
    assertEquals("my org", request.parameter("org"));
    assertEquals("Token influx-token-secret", request.header("Authorization"));
    assertEquals("application/csv", request.header("Accept"));
    assertEquals("application/json", request.header("Content-Type"));
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertEquals(QUERY, body.path("query").asText());
    assertEquals("flux", body.path("type").asText());
    assertEquals(
        "[\"datatype\",\"group\",\"default\"]",
        body.path("dialect").path("annotations").toString());
  }

  @Test
  void reportsAnEmptyAnswerAsNoValues() {
    influx.answerBody(200, CSV, "\r\n");

    MetricProviderException error =
        assertThrows(MetricProviderException.class, () -> provider(SECRET).runQuery(QUERY));

    assertEquals(Kind.NO_VALUES, error.kind());
    assertEquals("no values found: InfluxDB returned no rows", error.getMessage());
  }

  @Test
  void reportsAnErrorTableAsAQueryError() {
    influx.answer(200, CSV, "influxdb-query-error.csv");

    MetricProviderException error =
        assertThrows(MetricProviderException.class, () -> provider(SECRET).runQuery(QUERY));

    assertEquals(Kind.QUERY_ERROR, error.kind());
    assertEquals(
        "InfluxDB refused the query: failed to execute query: unknown bucket \"nope\"",
        error.getMessage());
  }

  @Test
  void reportsAnErrorStatusWithItsBodyButNeverTheToken() {
    influx.answer(401, "application/json", "influxdb-unauthorized.json");

    MetricProviderException error =
        assertThrows(MetricProviderException.class, () -> provider(SECRET).runQuery(QUERY));

    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertEquals(
        "InfluxDB "
            + influx.url()
            + " answered HTTP 401: {\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}",
        error.getMessage());
  }

  @Test
  void needsTheOrganisationWithTheToken() {
    MetricProviderException error =
        assertThrows(
            MetricProviderException.class, () -> provider(Map.of("token", "influx-token")));

    assertEquals("influxdb credentials do not contain org", error.getMessage());
  }

  @Test
  void isOnlineWhenInfluxdbRunsAQuery() throws Exception {
    influx.answer(200, CSV, "influxdb-query.csv");

    assertTrue(provider(SECRET).isOnline());

    JsonNode body = new ObjectMapper().readTree(influx.lastRequest().body());
    assertEquals("buckets() |> limit(n: 1)", body.path("query").asText());
  }

  private InfluxdbProvider provider(Map<String, String> secret) throws MetricProviderException {
    return new InfluxdbProvider(
        new ProviderSettings(
            HTTP.get(false),
            influx.url(),
            secret,
            Duration.ofMinutes(1),
            Clock.systemUTC(),
            Duration.ofSeconds(5)));
  }
}
