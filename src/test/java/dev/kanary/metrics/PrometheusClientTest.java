package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.PrometheusClient.Credentials;
import dev.kanary.metrics.PrometheusException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String QUERY =
      "sum(rate(http_requests_total{namespace=\"test\", code!~\"5..\"}[1m])) * 100";

  private final HttpClients http = new HttpClients(Duration.ofSeconds(2));
  private final FakePrometheus prometheus = FakePrometheus.start();

  @AfterEach
  void stop() {
    prometheus.close();
  }

  @Test
  void sendsAnInstantQueryAndReadsTheFirstSample() throws Exception {
    double value = client(prometheus.url(), Credentials.none(), null).query(QUERY);

    assertEquals(99.5, value);
    FakePrometheus.Request request = prometheus.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/api/v1/query", request.path());
    assertEquals(QUERY, request.query());
    assertEquals("application/json", request.header("Accept"));
    assertNull(request.header("Authorization"));
  }

  @Test
  void keepsThePathOfTheAddress() throws Exception {
    client(prometheus.url() + "/prometheus/", Credentials.none(), null).query(QUERY);

    assertEquals("/prometheus/api/v1/query", prometheus.lastRequest().path());
  }

  @Test
  void readsTheFirstSeriesOfAVectorWithSeveral() throws Exception {
    prometheus.answer(200, "vector-two-series.json");

    assertEquals(12.5, client(prometheus.url(), Credentials.none(), null).query(QUERY));
  }

  @Test
  void acceptsAScalar() throws Exception {
    prometheus.answer(200, "scalar.json");

    assertEquals(0.25, client(prometheus.url(), Credentials.none(), null).query("scalar(x)"));
  }

  @Test
  void sendsABearerToken() throws Exception {
    client(prometheus.url(), Credentials.bearer("s3cr3t-token"), null).query(QUERY);

    assertEquals("Bearer s3cr3t-token", prometheus.lastRequest().header("Authorization"));
  }

  @Test
  void sendsBasicCredentials() throws Exception {
    client(prometheus.url(), Credentials.basic("flagger", "pa:ss"), null).query(QUERY);

    assertEquals(
        "Basic " + base64("flagger:pa:ss"), prometheus.lastRequest().header("Authorization"));
  }

  @Test
  void takesBasicCredentialsFromTheAddressButNeverShowsThem() throws Exception {
    String address = prometheus.url().replace("http://", "http://admin:hunter2@");
    PrometheusClient client = client(address, Credentials.none(), null);
    client.query(QUERY);
    assertEquals(
        "Basic " + base64("admin:hunter2"), prometheus.lastRequest().header("Authorization"));

    prometheus.answerBody(503, "Service Unavailable");
    PrometheusException error = assertThrows(PrometheusException.class, () -> client.query(QUERY));
    assertEquals(prometheus.url(), client.address());
    assertEquals(
        "Prometheus " + prometheus.url() + " answered HTTP 503: Service Unavailable",
        error.getMessage());
  }

  @Test
  void sendsCustomHeaders() throws Exception {
    Map<String, List<String>> headers =
        Map.of("X-Scope-OrgID", List.of("tenant-a"), "X-Forwarded-For", List.of("a", "b"));

    client(prometheus.url(), Credentials.bearer("t"), headers).query(QUERY);

    FakePrometheus.Request request = prometheus.lastRequest();
    assertEquals("tenant-a", request.header("X-Scope-OrgID"));
    assertEquals(List.of("a", "b"), request.headers("X-Forwarded-For"));
    assertEquals("Bearer t", request.header("Authorization"));
  }

  @Test
  void credentialsReplaceAnAuthorizationHeader() throws Exception {
    Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer stale"));

    client(prometheus.url(), Credentials.bearer("fresh"), headers).query(QUERY);

    assertEquals(List.of("Bearer fresh"), prometheus.lastRequest().headers("Authorization"));
  }

  @Test
  void refusesAHeaderTheClientCannotSend() throws Exception {
    PrometheusClient client =
        client(prometheus.url(), Credentials.none(), Map.of("Host", List.of("other")));

    PrometheusException error = assertThrows(PrometheusException.class, () -> client.query(QUERY));
    assertEquals(Kind.INVALID_REQUEST, error.kind());
    assertEquals("header 'Host' cannot be sent: restricted or malformed", error.getMessage());
  }

  @Test
  void reportsAPrometheusErrorAnswer() throws Exception {
    prometheus.answer(400, "error.json");

    PrometheusException error = queryFails();
    assertEquals(Kind.QUERY_ERROR, error.kind());
    assertEquals(
        "Prometheus "
            + prometheus.url()
            + " refused the query (HTTP 400): bad_data: invalid parameter \"query\": 1:8: parse"
            + " error: unexpected end of input",
        error.getMessage());
  }

  @Test
  void reportsAnHttpErrorStatusWithAnExcerpt() throws Exception {
    prometheus.answerBody(502, "<html>\n  <body>Bad Gateway</body>\n</html>" + "x".repeat(300));

    PrometheusException error = queryFails();
    assertEquals(Kind.HTTP_STATUS, error.kind());
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "Prometheus "
                    + prometheus.url()
                    + " answered HTTP 502: <html> <body>Bad Gateway</body> </html>xxx"),
        error.getMessage());
    assertTrue(error.getMessage().endsWith("x..."), error.getMessage());
  }

  @Test
  void reportsAnAnswerThatIsNoPrometheusResponse() throws Exception {
    prometheus.answerBody(200, "<html>login</html>");

    PrometheusException error = queryFails();
    assertEquals(Kind.UNEXPECTED_RESPONSE, error.kind());
    assertEquals(
        "Prometheus "
            + prometheus.url()
            + " answered with no Prometheus API response: <html>login</html>",
        error.getMessage());
  }

  @Test
  void reportsAnEmptyResultAsNoValuesFound() throws Exception {
    prometheus.answer(200, "empty.json");

    PrometheusException error = queryFails();
    assertEquals(Kind.NO_VALUES, error.kind());
    assertTrue(error.noValues());
    assertEquals("no values found", error.getMessage());
  }

  @Test
  void reportsNaNAsNoValuesFound() throws Exception {
    prometheus.answer(200, "nan.json");

    PrometheusException error = queryFails();
    assertEquals(Kind.NOT_A_NUMBER, error.kind());
    assertTrue(error.noValues());
    assertEquals("no values found: the query returned NaN", error.getMessage());
  }

  @Test
  void reportsAnInfinity() throws Exception {
    prometheus.answer(200, "inf.json");

    PrometheusException error = queryFails();
    assertEquals(Kind.INFINITE, error.kind());
    assertFalse(error.noValues());
    assertEquals("the query returned +Inf, not a finite value", error.getMessage());
  }

  @Test
  void refusesARangeVector() throws Exception {
    prometheus.answer(200, "matrix.json");

    PrometheusException error = queryFails();
    assertEquals(Kind.UNEXPECTED_RESPONSE, error.kind());
    assertEquals(
        "Prometheus "
            + prometheus.url()
            + " returned a range vector (matrix); the query must return an instant vector or a"
            + " scalar",
        error.getMessage());
  }

  @Test
  void reportsAnUnreachableServer() throws Exception {
    String closed = "http://127.0.0.1:" + freePort();

    PrometheusException error =
        assertThrows(
            PrometheusException.class, () -> client(closed, Credentials.none(), null).query(QUERY));
    assertEquals(Kind.UNREACHABLE, error.kind());
    assertEquals(
        "Prometheus " + closed + " is unreachable: connection refused", error.getMessage());
  }

  @Test
  void givesUpOnAServerThatHangs() throws Exception {
    prometheus.hang();
    PrometheusClient client =
        new PrometheusClient(
            http.get(false), prometheus.url(), Credentials.none(), null, Duration.ofMillis(300));

    long start = System.nanoTime();
    PrometheusException error = assertThrows(PrometheusException.class, () -> client.query(QUERY));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(Kind.TIMEOUT, error.kind());
    assertEquals(
        "Prometheus " + prometheus.url() + " did not answer within 300ms", error.getMessage());
    assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "took " + elapsed);
  }

  @Test
  void completesTheAsynchronousQueryExceptionally() throws Exception {
    prometheus.answer(200, "empty.json");

    ExecutionException error =
        assertThrows(
            ExecutionException.class,
            () -> client(prometheus.url(), Credentials.none(), null).queryAsync(QUERY).get());
    assertInstanceOf(PrometheusException.class, error.getCause());
  }

  @ParameterizedTest
  @CsvSource({"one.json, true", "empty.json, false"})
  void isOnlineWhenVectorOneAnswersOne(String fixture, boolean online) throws Exception {
    PrometheusClient client = client(prometheus.url(), Credentials.none(), null);
    prometheus.answer(200, fixture);
    if (online) {
      assertTrue(client.isOnline());
    } else {
      assertThrows(PrometheusException.class, client::isOnline);
    }
    assertEquals("vector(1)", prometheus.lastRequest().query());
  }

  @Test
  void isNotOnlineWhenVectorOneAnswersAnotherValue() throws Exception {
    assertFalse(client(prometheus.url(), Credentials.none(), null).isOnline());
  }

  @ParameterizedTest
  @CsvSource({
    "prometheus:9090, the Prometheus address <invalid URL> is not an absolute http(s) URL",
    "ftp://user:pw@host/x, the Prometheus address ftp://host is not an absolute http(s) URL",
    "'', the Prometheus address is empty",
  })
  void refusesAnAddressThatIsNoHttpUrl(String address, String message) {
    PrometheusException error =
        assertThrows(PrometheusException.class, () -> client(address, Credentials.none(), null));
    assertEquals(Kind.INVALID_REQUEST, error.kind());
    assertEquals(message, error.getMessage());
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    assertEquals("Credentials[bearer token]", Credentials.bearer("s3cr3t").toString());
    assertEquals("Credentials[basic]", Credentials.basic("u", "s3cr3t").toString());
    assertEquals("Credentials[none]", Credentials.none().toString());
  }

  @Test
  void skipsTlsVerificationOnlyWhenAsked() throws Exception {
    try (FakePrometheus https = FakePrometheus.startHttps()) {
      PrometheusException refused =
          assertThrows(
              PrometheusException.class,
              () ->
                  new PrometheusClient(
                          http.get(false), https.url(), Credentials.none(), null, TIMEOUT)
                      .query(QUERY));
      assertEquals(Kind.UNREACHABLE, refused.kind());
      assertTrue(
          refused
              .getMessage()
              .startsWith("Prometheus " + https.url() + " is unreachable: TLS failure: "),
          refused.getMessage());

      double value =
          new PrometheusClient(http.get(true), https.url(), Credentials.none(), null, TIMEOUT)
              .query(QUERY);
      assertEquals(99.5, value);
    }
    assertSame(http.get(true), http.get(true));
    assertNotSame(http.get(false), http.get(true));
  }

  private PrometheusException queryFails() {
    return assertThrows(
        PrometheusException.class,
        () -> client(prometheus.url(), Credentials.none(), null).query(QUERY));
  }

  private PrometheusClient client(
      String address, Credentials credentials, Map<String, List<String>> headers)
      throws PrometheusException {
    return new PrometheusClient(http.get(false), address, credentials, headers, TIMEOUT);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
