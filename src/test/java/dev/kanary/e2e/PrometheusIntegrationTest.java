package dev.kanary.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.metrics.DefaultMetricEvaluator;
import dev.kanary.metrics.HttpClients;
import dev.kanary.metrics.MetricResult;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builtin checks against a real Prometheus server that scrapes Istio-style telemetry of three
 * canaries: a healthy one, one answering 30% HTTP 500s, and one taking 2 seconds per request.
 *
 * <p>Needs Debian's {@code prometheus} package, which {@code .ci/run} installs. Where the binary is
 * absent the test is skipped with a message, unless {@code KANARY_REQUIRE_PROMETHEUS=true} (set by
 * {@code .ci/run}) turns the absence into a failure.
 */
class PrometheusIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static HttpServer telemetry;
  private static PrometheusServer prometheus;
  private static String prometheusUrl;
  private static long started;

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = PrometheusServer.requireInstalled();
    started = System.nanoTime();
    telemetry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    telemetry.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    telemetry.start();
    prometheus.start(telemetry.getAddress().getPort(), work);
    prometheusUrl = prometheus.url();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> samples("rate(istio_requests_total[10s])") >= 9);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (telemetry != null) {
      telemetry.stop(0);
    }
  }

  @Test
  void aHealthyCanaryPassesBothBuiltinChecks() {
    assertEquals(
        MetricResult.Outcome.PASSED, evaluate("healthy", "request-success-rate").outcome());
    MetricResult duration = evaluate("healthy", "request-duration");
    assertEquals(MetricResult.Outcome.PASSED, duration.outcome(), duration.message());
    assertTrue(duration.value().getAsDouble() < 100, "p99 " + duration.value());
  }

  @Test
  void aCanaryAnsweringThirtyPercentErrorsFailsTheSuccessRate() {
    MetricResult result = evaluate("errors", "request-success-rate");
    assertEquals(MetricResult.Outcome.FAILED, result.outcome(), result.message());
    // Counters are whole requests and scrapes jitter under load: 70% within 2.5 points.
    assertEquals(70.0, result.value().getAsDouble(), 2.5);
    assertTrue(
        result.message().startsWith("Halt errors.prod advancement success rate"), result.message());
  }

  @Test
  void aCanaryTakingTwoSecondsFailsTheRequestDuration() {
    MetricResult result = evaluate("slow", "request-duration");
    assertEquals(MetricResult.Outcome.FAILED, result.outcome(), result.message());
    assertTrue(result.value().getAsDouble() > 1000, "p99 " + result.value());
    assertEquals(MetricResult.Outcome.PASSED, evaluate("slow", "request-success-rate").outcome());
  }

  private static MetricResult evaluate(String target, String metric) {
    Canary canary =
        Serialization.unmarshal(
            """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: %s, namespace: prod}
            spec:
              provider: istio
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
              service: {port: 9898}
              analysis:
                interval: 10s
                threshold: 1
                stepWeight: 10
                metrics:
                  - {name: request-success-rate, interval: 10s, thresholdRange: {min: 99}}
                  - {name: request-duration, interval: 10s, thresholdRange: {max: 500}}
            """
                .formatted(target, target),
            Canary.class);
    DefaultMetricEvaluator evaluator =
        new DefaultMetricEvaluator(
            prometheusUrl,
            "istio",
            (ns, name) -> Optional.empty(),
            (ns, name) -> Optional.empty(),
            new HttpClients(Duration.ofSeconds(5)),
            Duration.ofSeconds(5));
    assertEquals(Optional.empty(), evaluator.checkProviders(canary), "Prometheus is online");
    CanaryMetric check =
        canary.getSpec().analysis.metrics.stream()
            .filter(m -> m.name.equals(metric))
            .findFirst()
            .orElseThrow();
    return evaluator.evaluate(canary, check);
  }

  /** Istio's destination-side telemetry: 20 requests per second per workload since start. */
  private static String exposition() {
    double seconds = (System.nanoTime() - started) / 1e9;
    long total = Math.round(seconds * 20);
    StringBuilder out = new StringBuilder();
    out.append("# TYPE istio_requests_total counter\n");
    out.append("# TYPE istio_request_duration_milliseconds histogram\n");
    for (String workload : List.of("healthy", "errors", "slow")) {
      for (String variant : List.of(workload, workload + "-primary")) {
        long errors = workload.equals("errors") && variant.equals(workload) ? total * 3 / 10 : 0;
        counter(out, variant, "200", total - errors);
        counter(out, variant, "500", errors);
        double latency = workload.equals("slow") && variant.equals(workload) ? 2000 : 40;
        for (double le : new double[] {10, 25, 50, 100, 250, 500, 1000, 2500, 5000}) {
          out.append(
              "istio_request_duration_milliseconds_bucket{%s,le=\"%s\"} %d\n"
                  .formatted(labels(variant), String.valueOf(le), latency <= le ? total : 0));
        }
        out.append(
            "istio_request_duration_milliseconds_bucket{%s,le=\"+Inf\"} %d\n"
                .formatted(labels(variant), total));
        out.append(
            "istio_request_duration_milliseconds_sum{%s} %f\n"
                .formatted(labels(variant), total * latency));
        out.append(
            "istio_request_duration_milliseconds_count{%s} %d\n".formatted(labels(variant), total));
      }
    }
    return out.toString();
  }

  private static void counter(StringBuilder out, String workload, String code, long value) {
    out.append(
        "istio_requests_total{%s,response_code=\"%s\"} %d\n"
            .formatted(labels(workload), code, value));
  }

  private static String labels(String workload) {
    return "reporter=\"destination\",destination_workload=\"%s\",destination_workload_namespace=\"prod\""
        .formatted(workload);
  }

  private static int samples(String query) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              prometheusUrl
                                  + "/api/v1/query?query="
                                  + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode result = JSON.readTree(response.body()).path("data").path("result");
      return result.size();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
