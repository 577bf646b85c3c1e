package dev.kanary.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tests the telemetry's series, its exposition and its bounded history. */
class MeshTelemetryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String BACKEND =
      "destination_service_name=\"backend-canary\",destination_service_namespace=\"prod\","
          + "destination_workload=\"backend\",destination_workload_namespace=\"prod\","
          + "reporter=\"destination\",request_protocol=\"http\",response_code=\"200\","
          + "response_flags=\"-\",source_workload=\"unknown\",source_workload_namespace=\"unknown\"";

  @Test
  void exposesIstioSeriesInTheTextFormat() {
    MeshTelemetry telemetry = new MeshTelemetry();
    telemetry.record("prod", "backend", "backend-canary", 200, 7);
    telemetry.record("prod", "backend", "backend-canary", 200, 120.5);
    telemetry.record("prod", "backend", "backend-canary", 200, 2_000_000);

    List<String> lines = telemetry.exposition().lines().toList();

    assertEquals(
        List.of(
            "# HELP istio_requests_total Total number of requests handled by the destination"
                + " workload.",
            "# TYPE istio_requests_total counter",
            "istio_requests_total{" + BACKEND + "} 3",
            "# HELP istio_request_duration_milliseconds Request durations as the destination"
                + " workload's sidecar measured them, in milliseconds.",
            "# TYPE istio_request_duration_milliseconds histogram"),
        lines.subList(0, 5));
    List<String> les = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    for (String line : lines.subList(5, 25)) {
      String prefix = "istio_request_duration_milliseconds_bucket{" + BACKEND + ",le=\"";
      assertTrue(line.startsWith(prefix), line);
      les.add(line.substring(prefix.length(), line.indexOf('"', prefix.length())));
      counts.add(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertEquals(
        Arrays.asList(
            "0.5", "1", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000",
            "30000", "60000", "300000", "600000", "1800000", "3600000", "+Inf"),
        les);
    assertEquals(
        List.of(
            "0", "0", "0", "1", "1", "1", "1", "2", "2", "2", "2", "2", "2", "2", "2", "2", "2",
            "2", "3", "3"),
        counts);
    assertEquals(
        List.of(
            "istio_request_duration_milliseconds_sum{" + BACKEND + "} 2000127.5",
            "istio_request_duration_milliseconds_count{" + BACKEND + "} 3"),
        lines.subList(25, lines.size()));
  }

  @Test
  void ordersFamiliesAndSeriesDeterministically() {
    MeshTelemetry telemetry = new MeshTelemetry();
    telemetry.recordHttp("prod", "backend-7d9f-x2x3z", 200, 40);
    telemetry.recordNginx("prod", "podinfo", "podinfo", "prod-podinfo-canary-80", 503, 12);
    telemetry.record("prod", "frontend", 200, 5);
    telemetry.record("prod", "backend", 500, 5);
    telemetry.record("prod", "backend", 200, 5);
    telemetry.recordNginx("prod", "podinfo", "podinfo", null, 200, 12);

    List<String> types =
        telemetry.exposition().lines().filter(line -> line.startsWith("# TYPE")).toList();
    List<String> counters =
        telemetry.exposition().lines().filter(line -> line.startsWith("istio_requests")).toList();

    assertEquals(
        List.of(
            "# TYPE istio_requests_total counter",
            "# TYPE istio_request_duration_milliseconds histogram",
            "# TYPE nginx_ingress_controller_requests counter",
            "# TYPE nginx_ingress_controller_response_duration_seconds histogram",
            "# TYPE http_request_duration_seconds histogram"),
        types);
    assertEquals(3, counters.size());
    assertTrue(counters.get(0).contains("destination_workload=\"backend\""), counters.get(0));
    assertTrue(counters.get(0).contains("response_code=\"200\""), counters.get(0));
    assertTrue(counters.get(1).contains("response_code=\"500\""), counters.get(1));
    assertTrue(counters.get(2).contains("destination_workload=\"frontend\""), counters.get(2));
    assertFalse(counters.get(2).contains("destination_service_name="), counters.get(2));
    assertEquals(telemetry.exposition(), telemetry.exposition());
  }

  @Test
  void exposesNginxAndApplicationSeriesInSeconds() {
    MeshTelemetry telemetry = new MeshTelemetry();
    telemetry.recordNginx("prod", "podinfo", "podinfo", "prod-podinfo-canary-80", 200, 30);
    telemetry.recordNginx("prod", "podinfo", "podinfo", "", 200, 30);
    telemetry.recordHttp("prod", "backend-7d9f-x2x3z", 500, 300);

    String text = telemetry.exposition();

    assertTrue(
        text.contains(
            "nginx_ingress_controller_requests{canary=\"prod-podinfo-canary-80\",ingress=\"podinfo\","
                + "method=\"GET\",namespace=\"prod\",service=\"podinfo\",status=\"200\"} 1\n"),
        text);
    assertTrue(
        text.contains(
            "nginx_ingress_controller_requests{ingress=\"podinfo\",method=\"GET\","
                + "namespace=\"prod\",service=\"podinfo\",status=\"200\"} 1\n"),
        text);
    assertTrue(
        text.contains(
            "nginx_ingress_controller_response_duration_seconds_bucket{ingress=\"podinfo\","
                + "method=\"GET\",namespace=\"prod\",service=\"podinfo\",status=\"200\","
                + "le=\"0.05\"} 1\n"),
        text);
    assertTrue(
        text.contains(
            "nginx_ingress_controller_response_duration_seconds_bucket{ingress=\"podinfo\","
                + "method=\"GET\",namespace=\"prod\",service=\"podinfo\",status=\"200\","
                + "le=\"0.025\"} 0\n"),
        text);
    String pod = "kubernetes_namespace=\"prod\",kubernetes_pod_name=\"backend-7d9f-x2x3z\"";
    assertTrue(
        text.contains(
            "http_request_duration_seconds_bucket{" + pod + ",status=\"500\",le=\"0.5\"} 1\n"),
        text);
    assertTrue(
        text.contains("http_request_duration_seconds_sum{" + pod + ",status=\"500\"} 0.3\n"), text);
    assertFalse(text.contains("http_request_duration_seconds_total"), text);
  }

  @Test
  void escapesLabelValues() {
    MeshTelemetry telemetry = new MeshTelemetry();
    telemetry.recordNginx("prod", "a\"b\\c\nd", "svc", null, 200, 1);

    assertTrue(
        telemetry.exposition().contains("ingress=\"a\\\"b\\\\c\\nd\""), telemetry.exposition());
  }

  @Test
  void writesNothingWithoutRequests() {
    assertEquals("", new MeshTelemetry().exposition());
  }

  @Test
  void countsEveryRequestOfConcurrentWriters() throws Exception {
    MeshTelemetry telemetry = new MeshTelemetry();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25_000; i++) {
                    telemetry.record("prod", "backend", i % 100 == 0 ? 500 : 200, i % 300);
                  }
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }

    String text = telemetry.exposition();
    assertTrue(text.contains("response_code=\"200\",response_flags=\"-\","), text);
    assertEquals(
        List.of("99000", "1000"),
        text.lines()
            .filter(line -> line.startsWith("istio_requests_total"))
            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
            .toList());
  }

  @Test
  void keepsOnlyTheWindowOfHistory() {
    MeshTelemetry telemetry = new MeshTelemetry(Duration.ofSeconds(1), Duration.ofSeconds(30));
    telemetry.record("prod", "backend", 200, 5);
    for (int second = 0; second < 31; second++) {
      assertTrue(telemetry.tick(T0.plusSeconds(second)));
    }
    long bytes = telemetry.historyBytes();
    assertEquals(31, telemetry.retainedSamples());

    for (int second = 31; second < 600; second++) {
      telemetry.record("prod", "backend", 200, 5);
      assertTrue(telemetry.tick(T0.plusSeconds(second)));
    }

    assertEquals(31, telemetry.retainedSamples());
    assertEquals(bytes, telemetry.historyBytes());
    assertEquals(31 * 8 + 31 * 21 * 8, bytes);
    List<Value.Series> all =
        telemetry.select(
            List.of(LabelMatcher.of(Labels.NAME, LabelMatcher.Op.EQUAL, "istio_requests_total")),
            0,
            Long.MAX_VALUE,
            false);
    assertEquals(1, all.size());
    assertEquals(T0.plusSeconds(569).toEpochMilli(), all.get(0).timesMillis()[0]);
    assertEquals(31, all.get(0).values().length);
    assertEquals(1 + 569 - 30, all.get(0).values()[0]);
    assertEquals(1 + 599 - 30, all.get(0).values()[30]);
  }

  @Test
  void ignoresTicksThatComeTooSoonOrGoBack() {
    MeshTelemetry telemetry = new MeshTelemetry(Duration.ofSeconds(10), Duration.ofMinutes(1));

    assertTrue(telemetry.tick(T0));
    assertFalse(telemetry.tick(T0.plusSeconds(4)));
    assertFalse(telemetry.tick(T0.minusSeconds(10)));
    assertTrue(telemetry.tick(T0.plusSeconds(5)));
    assertEquals(2, telemetry.retainedSamples());
  }

  @Test
  void forgetsAWorkloadsSeriesAndHistory() {
    MeshTelemetry telemetry = new MeshTelemetry();
    telemetry.record("prod", "backend", 200, 5);
    telemetry.record("prod", "frontend", 200, 5);
    telemetry.tick(T0);

    telemetry.forgetWorkload("prod", "backend");

    assertFalse(telemetry.exposition().contains("\"backend\""));
    assertTrue(telemetry.exposition().contains("\"frontend\""));
    assertEquals(23, telemetry.seriesCount());
    assertEquals(601 * 8 + 601 * 21 * 8, telemetry.historyBytes());
  }

  @Test
  void findsSeriesCreatedOrForgottenAfterAQuery() {
    MeshTelemetry telemetry = new MeshTelemetry();
    List<LabelMatcher> backend =
        List.of(
            LabelMatcher.of(Labels.NAME, LabelMatcher.Op.EQUAL, "istio_requests_total"),
            LabelMatcher.of("destination_workload", LabelMatcher.Op.REGEX, "backend"));
    telemetry.record("prod", "frontend", 200, 5);
    telemetry.tick(T0);
    assertEquals(List.of(), telemetry.select(backend, 0, Long.MAX_VALUE, true));

    telemetry.record("prod", "backend", 200, 5);
    telemetry.record("prod", "backend", 503, 5);
    telemetry.tick(T0.plusSeconds(1));
    List<Value.Series> found = telemetry.select(backend, 0, Long.MAX_VALUE, true);
    telemetry.forgetWorkload("prod", "backend");

    assertEquals(
        List.of("200", "503"),
        found.stream().map(series -> series.labels().get("response_code")).sorted().toList());
    assertEquals(List.of(), telemetry.select(backend, 0, Long.MAX_VALUE, true));
  }

  @Test
  void refusesAWindowShorterThanTheResolution() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new MeshTelemetry(Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThrows(
        IllegalArgumentException.class, () -> new MeshTelemetry(Duration.ZERO, Duration.ZERO));
  }
}
