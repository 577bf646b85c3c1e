package dev.kanary.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.BuiltinQueries;
import dev.kanary.metrics.TemplateModel;
import dev.kanary.sandbox.telemetry.Value.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tests the PromQL subset against a synthetic stream: every second, before each tick, {@code
 * backend} receives 1,000 requests (30 answered 500, 20 answered 404, 950 answered 200) with
 * latencies spread evenly from 10 ms to 100 ms, and {@code backend-primary} 100 fast requests.
 */
class PromQlEngineTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = T0.plusSeconds(120);

  /** The p99 of the stream by Prometheus' interpolation: 445 of 1000 are at most 50 ms. */
  private static final double P99 = 50 + (100 - 50) * (990.0 - 445) / (1000 - 445);

  private MeshTelemetry telemetry;
  private PromQlEngine engine;

  @BeforeEach
  void stream() {
    telemetry = new MeshTelemetry();
    engine = new PromQlEngine(telemetry);
    for (int second = 0; second <= 120; second++) {
      batch("backend");
      for (int i = 0; i < 100; i++) {
        telemetry.record("prod", "backend-primary", 200, 3);
      }
      telemetry.tick(T0.plusSeconds(second));
    }
  }

  private void batch(String workload) {
    for (int i = 0; i < 1000; i++) {
      int code = i < 30 ? 500 : i < 50 ? 404 : 200;
      telemetry.record("prod", workload, workload + "-canary", code, 10 + 90.0 * i / 999);
    }
  }

  @Test
  void answersTheIstioRequestSuccessRate() throws Exception {
    String query =
        BuiltinQueries.render("istio", BuiltinQueries.REQUEST_SUCCESS_RATE, model("1m")).promql();

    assertEquals(97.0, single(query), 1e-9);
  }

  @Test
  void answersTheIstioRequestDuration() throws Exception {
    String query =
        BuiltinQueries.render("istio", BuiltinQueries.REQUEST_DURATION, model("30s")).promql();

    assertTrue(query.startsWith("histogram_quantile( 0.99, sum( rate("), query);
    assertEquals(P99, single(query), 1e-9);
    assertEquals(99.099099, P99, 1e-6);
  }

  @Test
  void answersTheRenderedQueriesOfTheBrief() throws Exception {
    String successRate =
        "sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace="
            + "\"prod\",destination_workload=~\"backend\",response_code!~\"5.*\"}[1m])) /"
            + " sum(rate(istio_requests_total{reporter=\"destination\","
            + "destination_workload_namespace=\"prod\",destination_workload=~\"backend\"}[1m]))"
            + " * 100";
    String duration =
        "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{"
            + "reporter=\"destination\",destination_workload_namespace=\"prod\","
            + "destination_workload=~\"backend\"}[30s])) by (le))";

    assertEquals(97.0, single(successRate), 1e-9);
    assertEquals(P99, single(duration), 1e-9);
  }

  @Test
  void answersTheMetricTemplateQuery() throws Exception {
    String query =
        "100 - sum(rate(istio_requests_total{reporter=\"destination\","
            + "destination_workload_namespace=\"prod\",destination_workload=\"backend\","
            + "response_code!=\"404\"}[1m])) / sum(rate(istio_requests_total{"
            + "reporter=\"destination\",destination_workload_namespace=\"prod\","
            + "destination_workload=\"backend\"}[1m])) * 100";

    assertEquals(2.0, single(query), 1e-9);
  }

  @Test
  void ratesAndIncreasesCountersOverTheRange() throws Exception {
    String series = "istio_requests_total{destination_workload=\"backend\",response_code=\"200\"}";

    assertEquals(950, single("rate(" + series + "[1m])"), 1e-9);
    // The series began 1 s before its first sample (its zero point), 29 s after the range's
    // start: 121 s of requests over a range of 150 s.
    assertEquals(950.0 * 121 / 150, single("rate(" + series + "[2m30s])"), 1e-9);
    assertEquals(950 * 30, single("increase(" + series + "[30s])"), 1e-6);
    assertEquals(121 * 950, single(series), 0);
    Value.Vector rate = vector("rate(" + series + "[1m])");
    assertEquals(
        Map.of(
            "destination_service_name", "backend-canary",
            "destination_service_namespace", "prod",
            "destination_workload", "backend",
            "destination_workload_namespace", "prod",
            "reporter", "destination",
            "request_protocol", "http",
            "response_code", "200",
            "response_flags", "-",
            "source_workload", "unknown",
            "source_workload_namespace", "unknown"),
        rate.samples().get(0).labels().asMap());
  }

  @Test
  void extrapolatesAsPrometheusDoes() {
    long second = 1000;
    Value.Series series =
        new Value.Series(
            Labels.EMPTY,
            new long[] {30 * second, 40 * second, 50 * second},
            new double[] {5, 10, 15});

    // Sampled 20 s; the zero point lies 10 s before the first sample, within 1.1 intervals, and
    // the end 10 s after the last: the increase of 10 is extrapolated over 40 s.
    assertEquals(20, PromQlEngine.extrapolatedRate(series, 0, 60 * second, false), 1e-12);
    assertEquals(20.0 / 60, PromQlEngine.extrapolatedRate(series, 0, 60 * second, true), 1e-12);
  }

  @Test
  void needsTwoSamplesForARate() throws Exception {
    MeshTelemetry fresh = new MeshTelemetry();
    fresh.record("prod", "backend", 200, 5);
    fresh.tick(T0);

    Value value =
        new PromQlEngine(fresh).evaluate("rate(istio_requests_total[1m])", T0.plusMillis(500));

    assertEquals(List.of(), ((Value.Vector) value).samples());
  }

  @Test
  void countsThroughACounterReset() throws Exception {
    MeshTelemetry restarted = new MeshTelemetry();
    MeshTelemetry steady = new MeshTelemetry();
    for (int second = 0; second < 20; second++) {
      if (second == 10) {
        restarted.restartWorkload("prod", "backend");
      }
      for (int i = 0; i < 10; i++) {
        restarted.record("prod", "backend", 200, 5);
        steady.record("prod", "backend", 200, 5);
      }
      restarted.tick(T0.plusSeconds(second));
      steady.tick(T0.plusSeconds(second));
    }
    String query = "increase(istio_requests_total[20s])";
    Instant at = T0.plusSeconds(19);

    double afterReset = value(new PromQlEngine(restarted).evaluate(query, at));

    // 190 counted over 19 s, extrapolated by one more interval (the zero point is 1 s before).
    assertEquals(200, afterReset, 1e-9);
    assertEquals(value(new PromQlEngine(steady).evaluate(query, at)), afterReset, 1e-9);
    assertTrue(restarted.exposition().contains("response_flags=\"-\",source_workload="));
    assertTrue(restarted.exposition().contains("} 100\n"), restarted.exposition());
  }

  @Test
  void anchorsRegularExpressions() throws Exception {
    assertEquals(
        List.of("backend"),
        workloads(
            "sum by (destination_workload) (rate(istio_requests_total{destination_workload=~\"backend\"}[1m]))"));
    assertEquals(
        List.of("backend", "backend-primary"),
        workloads(
            "sum by (destination_workload) (rate(istio_requests_total{destination_workload=~\"back.*\"}[1m]))"));
    assertEquals(
        List.of("backend-primary"),
        workloads(
            "sum by (destination_workload) (istio_requests_total{destination_workload!~\"backend|front.*\"})"));
    assertEquals(
        List.of("backend-primary"),
        workloads(
            "sum by (destination_workload) (istio_requests_total{destination_workload!=\"backend\"})"));
    assertEquals(
        3,
        vector(
                "istio_requests_total{destination_workload=\"backend\",response_code=~\"[245]0[04]\"}")
            .samples()
            .size());
    assertEquals(
        2, vector("{__name__=~\"istio_requests_.+\",response_code!~\"5.*|404\"}").samples().size());
  }

  @Test
  void matchesAbsentLabelsAsEmpty() throws Exception {
    assertEquals(4, vector("istio_requests_total{canary=\"\"}").samples().size());
    assertEquals(0, vector("istio_requests_total{canary!=\"\"}").samples().size());
  }

  @Test
  void aggregatesByAndWithoutLabels() throws Exception {
    String rate = "rate(istio_requests_total{destination_workload=\"backend\"}[1m])";

    Value.Vector byCode = vector("sum by (response_code) (" + rate + ")");
    Value.Vector without =
        vector(
            "sum without (destination_service_name, destination_workload, request_protocol) ("
                + rate
                + ")");

    assertEquals(List.of(950.0, 20.0, 30.0), byCode.samples().stream().map(Sample::value).toList());
    assertEquals("404", byCode.samples().get(1).labels().get("response_code"));
    assertEquals(3, without.samples().size());
    assertEquals("", without.samples().get(0).labels().get("destination_workload"));
    assertEquals("prod", without.samples().get(0).labels().get("destination_workload_namespace"));
    assertEquals(3, single("count(" + rate + ")"), 0);
    assertEquals(1000.0 / 3, single("avg(" + rate + ")"), 1e-9);
    assertEquals(20, single("min(" + rate + ")"), 1e-9);
    assertEquals(950, single("max(" + rate + ")"), 1e-9);
    assertEquals(single("sum(" + rate + ") by (le)"), single("sum by (le) (" + rate + ")"), 0);
  }

  @Test
  void matchesVectorsOneToOne() throws Exception {
    String byCode =
        "sum by (response_code) (rate(istio_requests_total{destination_workload=\"backend\"}[1m]))";

    Value.Vector ratio = vector(byCode + " / " + byCode);
    Value.Vector mismatch =
        vector(byCode + " + sum by (destination_workload) (istio_requests_total)");
    Value.Vector scaled = vector("2 * " + byCode + " - 1");

    String twoNames =
        "{__name__=~\"istio_requests_total|istio_request_duration_milliseconds_count\","
            + "response_code=\"500\",destination_workload=\"backend\"}";
    assertEquals(List.of(1.0, 1.0, 1.0), ratio.samples().stream().map(Sample::value).toList());
    assertEquals(List.of(), mismatch.samples());
    assertEquals(
        List.of(1899.0, 39.0, 59.0), scaled.samples().stream().map(Sample::value).toList());
    PromQlException duplicate =
        assertThrows(
            PromQlException.class,
            () -> engine.evaluate("sum(istio_requests_total) / " + twoNames, NOW));
    assertEquals("execution", duplicate.errorType());
    assertEquals(422, duplicate.httpStatus());
    PromQlException sameLabels =
        assertThrows(PromQlException.class, () -> engine.evaluate("-" + twoNames, NOW));
    assertEquals("vector cannot contain metrics with the same labelset", sameLabels.getMessage());
  }

  @Test
  void evaluatesScalarArithmetic() throws Exception {
    assertEquals(7, scalar("1 + 2 * 3"), 0);
    assertEquals(9, scalar("(1 + 2) * 3"), 0);
    assertEquals(1, scalar("-2 - -3"), 0);
    assertEquals(1, scalar("10 % 3"), 0);
    assertEquals(2.5, scalar("10 / 2 / 2"), 0);
    assertEquals(1500, scalar("1.5e3"), 0);
    assertEquals(255, scalar("0xff"), 0);
    assertEquals(Double.POSITIVE_INFINITY, scalar("Inf"), 0);
    assertEquals(Double.NaN, scalar("0 / 0"), 0);
    assertEquals(4, scalar("scalar(vector(4))"), 0);
    assertEquals(-6, single("2 * -vector(3)"), 0);
  }

  @Test
  void acceptsWhitespaceNewlinesAndComments() throws Exception {
    String query =
        "histogram_quantile(\n  0.99, # the p99\n  sum(\n    rate(\n"
            + "      istio_request_duration_milliseconds_bucket{\n"
            + "        destination_workload = \"backend\" ,\n      }[ 30s ]\n    )\n  ) by ( le , )\n)";

    assertEquals(P99, single(query), 1e-9);
  }

  @Test
  void answersNaNWhenNothingHappened() throws Exception {
    MeshTelemetry idle = new MeshTelemetry();
    idle.record("prod", "backend", 200, 5);
    idle.tick(T0);
    idle.tick(T0.plusSeconds(1));
    idle.tick(T0.plusSeconds(2));

    Value value =
        new PromQlEngine(idle)
            .evaluate(
                "sum(rate(istio_requests_total{response_code!~\"5.*\"}[1m])) /"
                    + " sum(rate(istio_requests_total[1m])) * 100",
                T0.plusSeconds(2));

    assertEquals(Double.NaN, value(value), 0);
  }

  @Test
  void forgetsSamplesOlderThanTheLookback() throws Exception {
    assertEquals(1, vector("istio_requests_total{response_code=\"500\"}").samples().size());
    assertEquals(
        List.of(),
        ((Value.Vector)
                engine.evaluate(
                    "istio_requests_total{response_code=\"500\"}", NOW.plusSeconds(301)))
            .samples());
    assertEquals(
        List.of(),
        ((Value.Vector)
                engine.evaluate("istio_requests_total{response_code=\"500\"}", T0.minusMillis(1)))
            .samples());
  }

  @Test
  void placesErrorsOnTheirLine() {
    PromQlException error =
        assertThrows(PromQlException.class, () -> engine.evaluate("1 +\n  (2 *)", NOW));

    assertEquals("2:7: parse error: unexpected \")\"", error.getMessage());
  }

  @Test
  void interpolatesQuantilesAsPrometheusDoes() {
    List<double[]> buckets =
        List.of(
            new double[] {Double.POSITIVE_INFINITY, 100},
            new double[] {10, 50},
            new double[] {5, 20},
            new double[] {1, 0});

    assertEquals(5 + 5 * (45.0 - 20) / 30, PromQlEngine.bucketQuantile(0.45, buckets), 1e-12);
    assertEquals(10, PromQlEngine.bucketQuantile(0.99, buckets), 0);
    assertEquals(1 + 4 * 0.5, PromQlEngine.bucketQuantile(0.1, buckets), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, PromQlEngine.bucketQuantile(1.5, buckets), 0);
    assertEquals(Double.NEGATIVE_INFINITY, PromQlEngine.bucketQuantile(-1, buckets), 0);
    assertEquals(Double.NaN, PromQlEngine.bucketQuantile(0.5, List.of(new double[] {10, 5})), 0);
    assertEquals(
        Double.NaN,
        PromQlEngine.bucketQuantile(
            0.5, List.of(new double[] {10, 0}, new double[] {Double.POSITIVE_INFINITY, 0})),
        0);
  }

  @Test
  void returnsARangeVectorForABareRangeSelector() throws Exception {
    Value value = engine.evaluate("istio_requests_total{response_code=\"404\"}[5s]", NOW);

    Value.Matrix matrix = assertInstanceOf(Value.Matrix.class, value);
    assertEquals(1, matrix.series().size());
    assertEquals(5, matrix.series().get(0).values().length);
    assertEquals(121 * 20, matrix.series().get(0).values()[4], 0);
    assertEquals(NOW.toEpochMilli(), matrix.series().get(0).timesMillis()[4]);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|1:1: parse error: no expression found in input",
        "sum(rate(istio_requests_total[1m])|1:35: parse error: unexpected end of input",
        "rate(istio_requests_total)|1:1: parse error: expected type range vector in call to"
            + " function \"rate\", got instant vector",
        "histogram_quantile(istio_requests_total, istio_requests_total)|1:1: parse error:"
            + " expected type scalar in call to function \"histogram_quantile\", got instant"
            + " vector",
        "rate(istio_requests_total[1m], 2)|1:1: parse error: expected 1 argument(s) in call to"
            + " \"rate\", got 2",
        "istio_requests_total[5x]|1:22: parse error: not a valid duration string: \"5x\"",
        "istio_requests_total[1m:10s]|1:24: parse error: subqueries are not supported by the"
            + " sandbox's PromQL subset",
        "irate(istio_requests_total[1m])|1:1: parse error: the function \"irate\" is not"
            + " supported by the sandbox's PromQL subset (it has histogram_quantile, increase,"
            + " rate, scalar, vector)",
        "frobnicate(1)|1:1: parse error: unknown function with name \"frobnicate\"",
        "istio_requests_total > 5|1:22: parse error: the operator \">\" is not supported by the"
            + " sandbox's PromQL subset (it has + - * / %)",
        "istio_requests_total offset 5m|1:22: parse error: the offset modifier is not supported"
            + " by the sandbox's PromQL subset",
        "istio_requests_total{a=~\"(\"}|1:25: parse error: error parsing regexp: Unclosed group:"
            + " `(`",
        "{a=\"\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
        "sum(istio_requests_total) / on(le) sum(istio_requests_total)|1:29: parse error: the"
            + " vector matching modifier \"on\" is not supported by the sandbox's PromQL subset (it"
            + " matches one-to-one on all labels)",
        "topk(3, istio_requests_total)|1:1: parse error: the aggregation \"topk\" is not"
            + " supported by the sandbox's PromQL subset (it has avg, count, max, min, sum)",
        "sum(istio_requests_total[1m])|1:1: parse error: expected type instant vector in"
            + " aggregation expression, got range vector",
        "istio_requests_total{a=\"b}|1:24: parse error: unterminated quoted string \"",
        "1 + 5m|1:5: parse error: bad number or duration syntax: \"5m\"",
        "istio_requests_total[1m] * 2|1:26: parse error: binary expression must contain only"
            + " scalar and instant vector types",
      })
  void refusesWhatItCannotAnswer(String query, String message) {
    PromQlException error = assertThrows(PromQlException.class, () -> engine.evaluate(query, NOW));

    assertEquals(message, error.getMessage());
    assertEquals("bad_data", error.errorType());
    assertEquals(400, error.httpStatus());
  }

  private List<String> workloads(String query) throws PromQlException {
    List<String> names = new ArrayList<>();
    for (Sample sample : vector(query).samples()) {
      names.add(sample.labels().get("destination_workload"));
    }
    return names;
  }

  private Value.Vector vector(String query) throws PromQlException {
    return assertInstanceOf(Value.Vector.class, engine.evaluate(query, NOW));
  }

  private double single(String query) throws PromQlException {
    return value(engine.evaluate(query, NOW));
  }

  private double scalar(String query) throws PromQlException {
    return assertInstanceOf(Value.Scalar.class, engine.evaluate(query, NOW)).value();
  }

  private static double value(Value value) {
    Value.Vector vector = assertInstanceOf(Value.Vector.class, value);
    assertEquals(1, vector.samples().size(), () -> "one sample expected: " + vector);
    return vector.samples().get(0).value();
  }

  private static TemplateModel model(String interval) {
    return new TemplateModel(
        "backend", "prod", "backend", "backend", "backend", "backend", interval, null);
  }
}
