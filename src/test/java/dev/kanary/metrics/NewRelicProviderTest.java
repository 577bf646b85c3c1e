package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.MetricProviderException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NewRelicProviderTest {

  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final String QUERY =
      "SELECT average(duration) AS result FROM Transaction WHERE appName = 'podinfo'";
  private static final Map<String, String> KEYS =
      Map.of("newrelic_account_id", "1234567", "newrelic_query_key", "NRIQ-query-key-42");

  private final FakeProviderServer newRelic = FakeProviderServer.start();

  @AfterEach
  void stop() {
    newRelic.close();
  }

  @Test
  void sendsTheNrqlSinceTheIntervalWithTheQueryKeyAndReadsTheResult() throws Exception {
    newRelic.answer(200, "application/json", "newrelic-query.json");

    double value = provider(KEYS, Duration.ofMinutes(1)).runQuery(QUERY);

    assertEquals(2.5, value);
    FakeProviderServer.Request request = newRelic.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/v1/accounts/1234567/query", request.path());
    assertEquals(QUERY + " SINCE 60 seconds ago", request.parameter("nrql"));
    assertEquals("NRIQ-query-key-42", request.header("X-Query-Key"));
  }

  @Test
  void readsTheFirstNumberOfANestedResult() throws Exception {
    newRelic.answer(200, "application/json", "newrelic-percentile.json");

    assertEquals(0.48, provider(KEYS, Duration.ofSeconds(90)).runQuery("SELECT percentile(x)"));
    assertEquals(
        "SELECT percentile(x) SINCE 90 seconds ago", newRelic.lastRequest().parameter("nrql"));
  }

  @Test
  void reportsANullResultAsNoValues() {
    newRelic.answer(200, "application/json", "newrelic-null.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.NO_VALUES, error.kind());
    assertEquals("no values found: the first New Relic result holds no number", error.getMessage());
  }

  @Test
  void reportsNoResultsAsNoValues() {
    newRelic.answerBody(200, "application/json", "{\"results\":[],\"metadata\":{}}");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertTrue(error.noValues());
  }

  @Test
  void reportsAnErrorStatusWithItsBodyButNeverTheKey() {
    newRelic.answer(400, "application/json", "newrelic-error.json");

    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(KEYS, Duration.ofMinutes(1)).runQuery(QUERY));

    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertEquals(
        "New Relic "
            + newRelic.url()
            + " answered HTTP 400: {\"error\": \"NRQL Syntax Error: Error at line 1 position 8,"
            + " unexpected 'FROM'\"}",
        error.getMessage());
  }

  @Test
  void needsTheAccountId() {
    MetricProviderException error =
        assertThrows(
            MetricProviderException.class,
            () -> provider(Map.of("newrelic_query_key", "k"), Duration.ofMinutes(1)));

    assertEquals("newrelic credentials do not contain newrelic_account_id", error.getMessage());
  }

  @Test
  void isOnlineWhenNewRelicAcceptsAQuery() throws Exception {
    newRelic.answer(200, "application/json", "newrelic-query.json");

    assertTrue(provider(KEYS, Duration.ofMinutes(1)).isOnline());

    assertEquals(
        "SELECT * FROM Metric SINCE 60 seconds ago", newRelic.lastRequest().parameter("nrql"));
    assertEquals("NRIQ-query-key-42", newRelic.lastRequest().header("X-Query-Key"));
  }

  private NewRelicProvider provider(Map<String, String> secret, Duration interval)
      throws MetricProviderException {
    return new NewRelicProvider(
        new ProviderSettings(
            HTTP.get(false),
            newRelic.url(),
            secret,
            interval,
            Clock.systemUTC(),
            Duration.ofSeconds(5)));
  }
}
