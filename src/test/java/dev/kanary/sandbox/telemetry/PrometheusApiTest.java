package dev.kanary.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.metrics.BuiltinQueries;
import dev.kanary.metrics.HttpClients;
import dev.kanary.metrics.PrometheusClient;
import dev.kanary.metrics.PrometheusException;
import dev.kanary.metrics.TemplateModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests the query API's JSON and that Kanary's Prometheus client reads it over HTTP. */
class PrometheusApiTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = T0.plusSeconds(60);
  private static final long NOW_SECONDS = NOW.getEpochSecond();

  private MeshTelemetry telemetry;
  private PrometheusApi api;
  private HttpServer server;

  @BeforeEach
  void stream() {
    telemetry = new MeshTelemetry();
    api = new PrometheusApi(telemetry, Clock.fixed(NOW, ZoneOffset.UTC));
    for (int second = 0; second <= 60; second++) {
      for (int i = 0; i < 100; i++) {
        telemetry.record("prod", "backend", i < 3 ? 500 : 200, 20 + i);
      }
      if (second == 0) {
        telemetry.record("prod", "idle", 200, 5);
      }
      telemetry.tick(T0.plusSeconds(second));
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void answersAVectorAsPrometheusDoes() {
    PrometheusApi.Response response =
        api.query(
            "sum by (response_code) (rate(istio_requests_total{destination_workload=\"backend\"}"
                + "[1m]))",
            Optional.of(NOW.plusMillis(250)));

    assertEquals(200, response.status());
    assertEquals("application/json", response.contentType());
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"response_code\":\"200\"},\"value\":["
            + NOW_SECONDS
            + ".250,\"97\"]},"
            + "{\"metric\":{\"response_code\":\"500\"},\"value\":["
            + NOW_SECONDS
            + ".250,\"3\"]}]}}",
        response.body());
  }

  @Test
  void answersScalarsNaNAndEmptyVectors() {
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
            + NOW_SECONDS
            + ",\"0.5\"]}}",
        api.query("1 / 2", Optional.empty()).body());
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{},\"value\":["
            + NOW_SECONDS
            + ",\"NaN\"]}]}}",
        nanBody());
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
        api.query("istio_requests_total{destination_workload=\"none\"}", Optional.empty()).body());
  }

  private String nanBody() {
    return api.query(
            "sum(rate(istio_requests_total{destination_workload=\"idle\",response_code=\"200\"}"
                + "[1m])) / sum(rate(istio_requests_total{destination_workload=\"idle\","
                + "response_code=\"200\"}[1m]))",
            Optional.empty())
        .body();
  }

  @Test
  void answersMatricesAndMetricNames() {
    String body =
        api.query(
                "istio_requests_total{destination_workload=\"backend\",response_code=\"500\"}[2s]",
                Optional.empty())
            .body();

    assertTrue(
        body.startsWith(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"__name__\":\"istio_requests_total\",\"destination_service_namespace\":"
                + "\"prod\",\"destination_workload\":\"backend\""),
        body);
    assertTrue(
        body.endsWith(
            "\"values\":[[" + (NOW_SECONDS - 1) + ",\"180\"],[" + NOW_SECONDS + ",\"183\"]]}]}}"),
        body);
  }

  @Test
  void refusesBadQueriesWithStatus400() {
    PrometheusApi.Response response = api.query("sum(", Optional.empty());

    assertEquals(400, response.status());
    assertEquals(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
            + " \\\"query\\\": 1:5: parse error: unexpected end of input\"}",
        response.body());
  }

  @Test
  void readsFormParameters() {
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
            + "1700000000.500,\"3\"]}}",
        api.handle("query=1%2B2&time=1700000000.5&timeout=5s").body());
    assertEquals(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
            + "1700000000,\"3\"]}}",
        api.handle("time=2023-11-14T22%3A13%3A20Z&query=1+%2B+2").body());
    PrometheusApi.Response badTime = api.handle("query=1&time=yesterday");
    assertEquals(400, badTime.status());
    assertEquals(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
            + " \\\"time\\\": cannot parse \\\"yesterday\\\" to a valid timestamp\"}",
        badTime.body());
    assertEquals(400, api.handle("").status());
  }

  @Test
  void servesTheExposition() {
    PrometheusApi.Response response = api.exposition();

    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.contentType());
    assertEquals(telemetry.exposition(), response.body());
  }

  @Test
  void isReadByKanarysPrometheusClient() throws Exception {
    PrometheusClient client = client();
    TemplateModel model =
        new TemplateModel(
            "backend", "prod", "backend", "backend", "backend", "backend", "1m", null);

    double successRate =
        client.query(
            BuiltinQueries.render("istio", BuiltinQueries.REQUEST_SUCCESS_RATE, model).promql());
    double duration =
        client.query(
            BuiltinQueries.render("istio", BuiltinQueries.REQUEST_DURATION, model).promql());

    assertEquals(97.0, successRate, 1e-9);
    // 99 of the 100 latencies (20..119 ms) are at most 118 ms: rank 99 lies in (100, 250], which
    // holds the 19 requests above 100 ms after the 81 below.
    assertEquals(100 + 150 * (99.0 - 81) / 19, duration, 1e-9);
    assertTrue(client.isOnline());
  }

  @Test
  void reportsNoValuesNaNAndErrorsToKanarysClient() throws Exception {
    PrometheusClient client = client();

    PrometheusException empty =
        assertThrows(
            PrometheusException.class,
            () -> client.query("sum(rate(istio_requests_total{destination_workload=\"x\"}[1m]))"));
    PrometheusException nan =
        assertThrows(
            PrometheusException.class,
            () ->
                client.query(
                    "sum(rate(istio_requests_total{destination_workload=\"idle\","
                        + "response_code=\"200\"}[1m])) / sum(rate(istio_requests_total{"
                        + "destination_workload=\"idle\",response_code=\"200\"}[1m]))"));
    PrometheusException refused =
        assertThrows(PrometheusException.class, () -> client.query("rate(up)"));

    assertEquals(PrometheusException.Kind.NO_VALUES, empty.kind());
    assertEquals(PrometheusException.Kind.NOT_A_NUMBER, nan.kind());
    assertEquals(PrometheusException.Kind.QUERY_ERROR, refused.kind());
    assertTrue(
        refused
            .getMessage()
            .endsWith(
                "(HTTP 400): bad_data: invalid parameter \"query\": 1:1: parse error: expected"
                    + " type range vector in call to function \"rate\", got instant vector"),
        refused.getMessage());
  }

  private PrometheusClient client() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/query", this::answer);
    server.start();
    return new PrometheusClient(
        new HttpClients(Duration.ofSeconds(5)).get(false),
        "http://127.0.0.1:" + server.getAddress().getPort(),
        PrometheusClient.Credentials.none(),
        null,
        Duration.ofSeconds(10));
  }

  private void answer(HttpExchange exchange) throws IOException {
    PrometheusApi.Response response = api.handle(exchange.getRequestURI().getRawQuery());
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
