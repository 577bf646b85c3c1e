package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.MetricProviderException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphiteProviderTest {

  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final String QUERY = "sumSeries(stats.podinfo.errors)";
  private static final Map<String, String> CREDENTIALS =
      Map.of("username", "flagger", "password", "graphite-pass-1");

  private final FakeProviderServer graphite = FakeProviderServer.start();

  @AfterEach
  void stop() {
    graphite.close();
  }

  @Test
  void rendersATargetOverTheIntervalWithBasicAuthAndReadsTheLastNonNullPoint() throws Exception {
    graphite.answer(200, "application/json", "graphite-render.json");

    double value = provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).runQuery(QUERY);

    assertEquals(4.5, value);
    FakeProviderServer.Request request = graphite.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/render", request.path());
    assertEquals(
        Map.of("target", List.of(QUERY), "from", List.of("-60s"), "format", List.of("json")),
        request.parameters());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("flagger:graphite-pass-1".getBytes(StandardCharsets.UTF_8)),
        request.header("Authorization"));
  }

  @Test
  void sendsAFlaggerRenderQueryStringWithItsOwnParameters() throws Exception {
    graphite.answer(200, "application/json", "graphite-render.json");

    provider(graphite.url() + "/graphite", null, Duration.ofMinutes(1))
        .runQuery("target=summarize(stats.a, '1min')&target=stats.b&from=-5min&format=raw");

    FakeProviderServer.Request request = graphite.lastRequest();
    assertEquals("/graphite/render", request.path());
    assertEquals(
        Map.of(
            "target",
            List.of("summarize(stats.a, '1min')", "stats.b"),
            "from",
            List.of("-5min"),
            "format",
            List.of("json")),
        request.parameters());
    assertNull(request.header("Authorization"));
  }

  @Test
  void reportsOnlyNullPointsAsNoValues() {
    graphite.answer(200, "application/json", "graphite-nulls.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.NO_VALUES, error.kind());
    assertEquals(
        "no values found: the first Graphite series has only null datapoints", error.getMessage());
  }

  @Test
  void reportsNoSeriesAsNoValues() {
    graphite.answerBody(200, "application/json", "[]");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertTrue(error.noValues());
  }

  @Test
  void reportsAnErrorStatusWithItsBodyButNeverThePassword() {
    graphite.answerBody(
        500, "text/html", "<h1>Internal error</h1> ParseError: unexpected end of target");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertEquals(
        "Graphite "
            + graphite.url()
            + " answered HTTP 500: <h1>Internal error</h1> ParseError: unexpected end of target",
        error.getMessage());
  }

  @Test
  void needsAnAddress() {
    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(null, CREDENTIALS, Duration.ofMinutes(1)));

    assertEquals(Kind.INVALID_REQUEST, error.kind());
    assertEquals("the Graphite address is empty", error.getMessage());
  }

  @Test
  void isOnlineWhenGraphiteAnswersEvenWithNoData() throws Exception {
    graphite.answerBody(200, "application/json", "[]");

    assertTrue(provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).isOnline());

    assertEquals("test", graphite.lastRequest().parameter("target"));
  }

  @Test
  void isNotOnlineWhenGraphiteRejectsTheCredentials() {
    graphite.answerBody(401, "text/plain", "Unauthorized");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(graphite.url(), CREDENTIALS, Duration.ofMinutes(1)).isOnline());

    assertEquals(
        "Graphite " + graphite.url() + " answered HTTP 401: Unauthorized", error.getMessage());
  }

  private static GraphiteProvider provider(
      String address, Map<String, String> secret, Duration interval)
      throws MetricProviderException {
    return new GraphiteProvider(
        new ProviderSettings(
            HTTP.get(false), address, secret, interval, Clock.systemUTC(), Duration.ofSeconds(5)));
  }
}
