package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.spec.MetricProviderSpec;
import dev.kanary.api.v1beta1.spec.MetricTemplateSpec;
import dev.kanary.api.v1beta1.spec.SecretReference;
import dev.kanary.api.v1beta1.spec.TargetReference;
import dev.kanary.api.v1beta1.spec.ThresholdRange;
import dev.kanary.metrics.MetricResult.Outcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultMetricEvaluatorTest {

  private static final String ISTIO_SUCCESS_RATE =
      "sum( rate( istio_requests_total{ reporter=\"destination\","
          + " destination_workload_namespace=\"test\", destination_workload=~\"podinfo\","
          + " response_code!~\"5.*\" }[1m] ) ) / sum( rate( istio_requests_total{"
          + " reporter=\"destination\", destination_workload_namespace=\"test\","
          + " destination_workload=~\"podinfo\" }[1m] ) ) * 100";

  private static final HttpClients HTTP = new HttpClients(Duration.ofSeconds(2));
  private static final long NOW = 1764144000L;

  private final FakePrometheus prometheus = FakePrometheus.start();
  private final FakePrometheus other = FakePrometheus.start();
  private final FakeProviderServer datadog = FakeProviderServer.start();
  private final Map<String, MetricTemplate> templates = new HashMap<>();
  private final Map<String, Secret> secrets = new HashMap<>();

  @AfterEach
  void stop() {
    prometheus.close();
    other.close();
    datadog.close();
  }

  @Test
  void passesABuiltinSuccessRateWithinBounds() {
    MetricResult result = evaluator().evaluate(canary(), successRate(99.0));

    assertEquals(
        new MetricResult(
            "request-success-rate",
            "prometheus",
            OptionalDouble.of(99.5),
            99.0,
            null,
            Outcome.PASSED,
            "request-success-rate 99.50%"),
        result);
    assertEquals(ISTIO_SUCCESS_RATE, prometheus.lastRequest().query());
  }

  @Test
  void failsABuiltinSuccessRateWithFlaggersMessage() {
    prometheus.answerBody(200, vector("69.1666"));

    MetricResult result = evaluator().evaluate(canary(), successRate(99.0));

    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(OptionalDouble.of(69.1666), result.value());
    assertEquals("Halt podinfo.test advancement success rate 69.17% < 99%", result.message());
  }

  @Test
  void measuresTheRequestDurationInWholeMilliseconds() {
    prometheus.answerBody(200, vector("1500.7"));

    MetricResult result = evaluator().evaluate(canary(), duration(500.0));

    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(OptionalDouble.of(1500), result.value());
    assertEquals(500.0, result.max());
    assertEquals("Halt podinfo.test advancement request duration 1.5s > 500ms", result.message());
    assertTrue(
        prometheus
            .lastRequest()
            .query()
            .startsWith(
                "histogram_quantile( 0.99, sum( rate( istio_request_duration_milliseconds"));
  }

  @Test
  void convertsTheHttpDurationFromSecondsToMilliseconds() {
    prometheus.answerBody(200, vector("0.25"));
    Canary canary = canary();
    canary.getSpec().provider = "kubernetes";

    MetricResult result = evaluator().evaluate(canary, duration(500.0));

    assertEquals(Outcome.PASSED, result.outcome());
    assertEquals(OptionalDouble.of(250), result.value());
    assertEquals("request-duration 250ms", result.message());
    assertTrue(prometheus.lastRequest().query().contains("http_request_duration_seconds_bucket{"));
  }

  @Test
  void queriesTheCanarysOwnMetricsServer() throws IOException {
    Canary canary = canary();
    canary.getSpec().metricsServer = other.url();

    MetricResult result = evaluator(closedAddress(), "istio").evaluate(canary, successRate(99.0));

    assertEquals(Outcome.PASSED, result.outcome(), result.message());
    assertEquals(1, other.requests().size());
  }

  @Test
  void reportsNoDataAsNoValuesFound() {
    prometheus.answer(200, "empty.json");

    MetricResult result = evaluator().evaluate(canary(), successRate(99.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertEquals(OptionalDouble.empty(), result.value());
    assertEquals(
        "Halt advancement no values found for istio metric request-success-rate probably"
            + " podinfo.test is not receiving traffic: no values found",
        result.message());
  }

  @Test
  void reportsNaNAsNoValuesFound() {
    prometheus.answer(200, "nan.json");

    MetricResult result = evaluator().evaluate(canary(), duration(500.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertEquals(
        "Halt advancement no values found for istio metric request-duration probably"
            + " podinfo.test is not receiving traffic: no values found: the query returned NaN",
        result.message());
  }

  @Test
  void usesTheCanarysProvider() {
    Canary canary = canary();
    canary.getSpec().provider = "linkerd";

    evaluator().evaluate(canary, successRate(99.0));

    assertTrue(prometheus.lastRequest().query().contains("response_total{"));
  }

  @Test
  void usesLinkerdQueriesBehindAnIngressWhenTheMeshIsLinkerd() {
    prometheus.answer(200, "empty.json");
    Canary canary = canary();
    canary.getSpec().provider = "nginx";

    MetricResult result =
        evaluator(prometheus.url(), "linkerd").evaluate(canary, successRate(99.0));

    assertTrue(prometheus.lastRequest().query().contains("response_total{"));
    assertTrue(result.message().contains("for linkerd metric request-success-rate"));
  }

  @Test
  void refusesAProviderWithoutBuiltinMetrics() {
    Canary canary = canary();
    canary.getSpec().provider = "smi:v1alpha3";

    MetricResult result = evaluator().evaluate(canary, successRate(99.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertTrue(
        result
            .message()
            .startsWith("Prometheus query failed: provider 'smi:v1alpha3' has no builtin metrics;"),
        result.message());
    assertTrue(prometheus.requests().isEmpty());
  }

  @Test
  void reportsAPrometheusErrorAnswer() {
    prometheus.answer(400, "error.json");

    MetricResult result = evaluator().evaluate(canary(), successRate(99.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertEquals(
        "Prometheus query failed: Prometheus "
            + prometheus.url()
            + " refused the query (HTTP 400): bad_data: invalid parameter \"query\": 1:8: parse"
            + " error: unexpected end of input",
        result.message());
  }

  @Test
  void reportsAnUnreachableMetricsServer() throws IOException {
    String closed = closedAddress();

    MetricResult result = evaluator(closed, "istio").evaluate(canary(), successRate(99.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertEquals(
        "Prometheus query failed: Prometheus " + closed + " is unreachable: connection refused",
        result.message());
  }

  @Test
  void runsAnInlineQueryAsWrittenWithTheLegacyThreshold() {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "errors";
    metric.query = "sum(rate(errors_total{ns=\"test\"}[1m]))\n  * 100";
    metric.threshold = 5.0;

    MetricResult result = evaluator().evaluate(canary(), metric);

    assertEquals(
        "sum(rate(errors_total{ns=\"test\"}[1m])) * 100", prometheus.lastRequest().query());
    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(5.0, result.max());
    assertEquals("Halt podinfo.test advancement errors 99.50 > 5", result.message());
  }

  @Test
  void reportsAnInlineQueryWithoutData() {
    prometheus.answer(200, "empty.json");
    CanaryMetric metric = new CanaryMetric();
    metric.name = "errors";
    metric.query = "sum(errors_total)";

    MetricResult result = evaluator().evaluate(canary(), metric);

    assertEquals(Outcome.ERROR, result.outcome());
    assertEquals("Halt advancement no values found for metric: errors", result.message());
  }

  @Test
  void runsAPrometheusTemplateWithItsTokenHeadersAndVariables() {
    other.answerBody(200, vector("0.42"));
    MetricTemplate template =
        template(
            "monitoring",
            "latency",
            "prometheus",
            other.url(),
            "histogram_quantile(0.95, sum(rate(x_bucket{ns=\"{{ namespace }}\","
                + " app=\"{{ target }}\", le=~\"{{ variables.le }}\"}[{{ interval }}])) by (le))");
    template.getSpec().provider.secretRef = secretRef("prom-auth");
    template.getSpec().provider.headers = Map.of("X-Scope-OrgID", List.of("team-a"));
    secrets.put("monitoring/prom-auth", secret(Map.of("token", "s3cr3t-token\n"), null));
    CanaryMetric metric = templated("latency", "monitoring", "latency");
    metric.interval = "30s";
    metric.templateVariables = Map.of("le", ".*");
    metric.thresholdRange = range(null, 0.5);

    MetricResult result = evaluator().evaluate(canary(), metric);

    assertEquals(
        new MetricResult(
            "latency",
            "prometheus",
            OptionalDouble.of(0.42),
            null,
            0.5,
            Outcome.PASSED,
            "latency 0.42"),
        result);
    FakePrometheus.Request request = other.lastRequest();
    assertEquals(
        "histogram_quantile(0.95, sum(rate(x_bucket{ns=\"test\", app=\"podinfo\", le=~\".*\"}[30s]))"
            + " by (le))",
        request.query());
    assertEquals("Bearer s3cr3t-token", request.header("Authorization"));
    assertEquals("team-a", request.header("X-Scope-OrgID"));
    assertTrue(prometheus.requests().isEmpty());
  }

  @Test
  void authenticatesATemplateWithBasicCredentials() {
    templates.put("test/errors", template("test", "errors", "prometheus", other.url(), "up"));
    templates.get("test/errors").getSpec().provider.secretRef = secretRef("basic");
    secrets.put("test/basic", secret(null, Map.of("username", "flagger", "password", "pw")));

    MetricResult result = evaluator().evaluate(canary(), templated("errors", null, "errors"));

    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals("Halt podinfo.test advancement errors 99.50 > 0", result.message());
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("flagger:pw".getBytes(StandardCharsets.UTF_8)),
        other.lastRequest().header("Authorization"));
  }

  @Test
  void aTemplateReferenceWinsOverABuiltinName() {
    template("test", "my-success-rate", "prometheus", other.url(), "my_success_rate");
    CanaryMetric metric = templated("request-success-rate", null, "my-success-rate");
    metric.thresholdRange = range(99.0, null);

    MetricResult result = evaluator().evaluate(canary(), metric);

    assertEquals("my_success_rate", other.lastRequest().query());
    assertTrue(prometheus.requests().isEmpty());
    assertEquals("request-success-rate 99.50", result.message());
  }

  @Test
  void reportsEveryProblemOfATemplateReference() {
    template("test", "cw", "cloudwatch", null, "[]");
    template("test", "needs-var", "prometheus", other.url(), "x{le=\"{{ variables.le }}\"}");
    template("test", "secured", "prometheus", other.url(), "x");
    templates.get("test/secured").getSpec().provider.secretRef = secretRef("missing");
    template("test", "keyless", "prometheus", other.url(), "x");
    templates.get("test/keyless").getSpec().provider.secretRef = secretRef("keyless");
    secrets.put("test/keyless", secret(Map.of("tokn", "s3cr3t"), null));
    template("test", "no-address", "prometheus", null, "x");
    DefaultMetricEvaluator evaluator = evaluator();

    assertError(
        evaluator,
        templated("latency", null, "latency"),
        "prometheus",
        "Metric template latency.test error: MetricTemplate test/latency not found");
    assertError(
        evaluator,
        templated("cw", null, "cw"),
        "cloudwatch",
        "Metric template cw.test provider cloudwatch error: provider type cloudwatch is not"
            + " supported yet");
    assertError(
        evaluator,
        templated("needs-var", null, "needs-var"),
        "prometheus",
        "Metric template needs-var.test query render error: missing template variable 'le' used"
            + " by {{ variables.le }}; templateVariables defines none");
    assertError(
        evaluator,
        templated("secured", null, "secured"),
        "prometheus",
        "Metric template secured.test secret missing error: Secret test/missing not found");
    assertError(
        evaluator,
        templated("keyless", null, "keyless"),
        "prometheus",
        "Metric template keyless.test secret keyless error: Secret test/keyless holds neither a"
            + " 'token' nor a 'username' and a 'password'");
    assertError(
        evaluator,
        templated("no-address", null, "no-address"),
        "prometheus",
        "Metric template no-address.test provider prometheus error: the Prometheus address is"
            + " empty");
    assertTrue(other.requests().isEmpty());
  }

  @Test
  void reportsATemplateQueryWithoutDataOrFailing() {
    template("test", "errors", "prometheus", other.url(), "sum(errors)");
    templates.get("test/errors").getSpec().provider.secretRef = secretRef("auth");
    secrets.put("test/auth", secret(Map.of("token", "s3cr3t-token"), null));
    DefaultMetricEvaluator evaluator = evaluator();

    other.answer(200, "empty.json");
    assertError(
        evaluator,
        templated("errors", null, "errors"),
        "prometheus",
        "Halt advancement no values found for custom metric: errors: no values found");

    other.answerBody(401, "unauthorized");
    MetricResult result = evaluator.evaluate(canary(), templated("errors", null, "errors"));
    assertEquals(
        "Metric query failed for errors: Prometheus "
            + other.url()
            + " answered HTTP 401:"
            + " unauthorized",
        result.message());
    assertFalse(result.message().contains("s3cr3t"));
  }

  @Test
  void reportsAMetricWithNothingToRun() {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "orphan";

    assertError(
        evaluator(),
        metric,
        "prometheus",
        "Metric query failed for no usable metrics template and query were configured");
  }

  @Test
  void neverThrows() {
    Canary canary = canary();
    canary.getSpec().targetRef = null;

    MetricResult result = evaluator().evaluate(canary, successRate(99.0));

    assertEquals(Outcome.ERROR, result.outcome());
    assertTrue(
        result.message().startsWith("Metric query failed for request-success-rate: "),
        result.message());
  }

  @Test
  void findsAllProvidersAvailable() {
    prometheus.answer(200, "one.json");
    other.answer(200, "one.json");
    template("test", "errors", "prometheus", other.url(), "x");
    Canary canary = canary(successRate(99.0), templated("errors", null, "errors"));

    assertEquals(Optional.empty(), evaluator().checkProviders(canary));
    assertEquals("vector(1)", prometheus.lastRequest().query());
    assertEquals("vector(1)", other.lastRequest().query());
  }

  @Test
  void checksOnlyTheTemplatesWhenTheCanaryHasNoBuiltinMetric() throws IOException {
    other.answer(200, "one.json");
    template("test", "errors", "prometheus", other.url(), "x");
    Canary canary =
        canary(templated("errors", null, "errors"), templated("errors-again", null, "errors"));

    assertEquals(Optional.empty(), evaluator(closedAddress(), "istio").checkProviders(canary));
    assertEquals(1, other.requests().size());
  }

  @Test
  void reportsAnUnavailableMetricsServer() throws IOException {
    String closed = closedAddress();
    CanaryMetric inline = new CanaryMetric();
    inline.name = "errors";
    inline.query = "sum(errors)";

    assertEquals(
        Optional.of(
            "prometheus is not available: Prometheus "
                + closed
                + " is unreachable: connection"
                + " refused"),
        evaluator(closed, "istio").checkProviders(canary(inline)));
  }

  @Test
  void runsADatadogTemplateOverTenIntervalsWithItsKeys() {
    datadog.answer(200, "application/json", "datadog-query.json");
    datadogTemplate("avg:trace.http.request.errors{service:{{ target }}}.as_count()");
    CanaryMetric metric = templated("errors", null, "dd");
    metric.interval = "2m";
    metric.thresholdRange = range(null, 5.0);

    MetricResult result = evaluator(fixedClock()).evaluate(canary(), metric);

    assertEquals(
        new MetricResult(
            "errors", "datadog", OptionalDouble.of(1.25), null, 5.0, Outcome.PASSED, "errors 1.25"),
        result);
    FakeProviderServer.Request request = datadog.lastRequest();
    assertEquals(
        "avg:trace.http.request.errors{service:podinfo}.as_count()", request.parameter("query"));
    assertEquals(String.valueOf(NOW - 1200), request.parameter("from"));
    assertEquals(String.valueOf(NOW), request.parameter("to"));
    assertEquals("api-key-0123456789", request.header("DD-API-KEY"));
    assertTrue(prometheus.requests().isEmpty());
  }

  @Test
  void failsADatadogCheckOutOfItsRange() {
    datadog.answer(200, "application/json", "datadog-query.json");
    datadogTemplate("avg:x{*}");
    CanaryMetric metric = templated("errors", null, "dd");
    metric.thresholdRange = range(null, 1.0);

    MetricResult result = evaluator(fixedClock()).evaluate(canary(), metric);

    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals("datadog", result.provider());
    assertEquals(OptionalDouble.of(1.25), result.value());
  }

  @Test
  void reportsADatadogTemplateWithoutDataOrWithAFailureAsAnError() {
    datadogTemplate("avg:x{*}");
    DefaultMetricEvaluator evaluator = evaluator(fixedClock());

    datadog.answer(200, "application/json", "datadog-empty.json");
    assertError(
        evaluator,
        templated("errors", null, "dd"),
        "datadog",
        "Halt advancement no values found for custom metric: errors: no values found: Datadog"
            + " returned no series");

    datadog.answer(403, "application/json", "datadog-forbidden.json");
    assertError(
        evaluator,
        templated("errors", null, "dd"),
        "datadog",
        "Metric query failed for errors: Datadog "
            + datadog.url()
            + " answered HTTP 403: {\"errors\": [\"Forbidden\"]}");
  }

  @Test
  void reportsAProviderTemplateThatCannotBeQueried() {
    datadogTemplate("avg:x{*}");
    secrets.put("test/dd-keys", secret(Map.of("datadog_api_key", "api-key-0123456789"), null));
    CanaryMetric badInterval = templated("errors", null, "dd");
    badInterval.interval = "1 minute";
    template("test", "graphite", "graphite", null, "x");

    assertError(
        evaluator(),
        templated("errors", null, "dd"),
        "datadog",
        "Metric template dd.test provider datadog error: datadog credentials do not contain"
            + " datadog_application_key");
    assertError(
        evaluator(),
        badInterval,
        "datadog",
        "Metric template dd.test provider datadog error: error parsing metric interval '1"
            + " minute'");
    assertError(
        evaluator(),
        templated("g", null, "graphite"),
        "graphite",
        "Metric template graphite.test provider graphite error: the Graphite address is empty");
    secrets.remove("test/dd-keys");
    assertError(
        evaluator(),
        templated("errors", null, "dd"),
        "datadog",
        "Metric template dd.test secret dd-keys error: Secret test/dd-keys not found");
  }

  @Test
  void checksThatATemplateProviderIsOnline() {
    datadogTemplate("avg:x{*}");
    Canary canary = canary(templated("errors", null, "dd"));

    datadog.answerBody(200, "application/json", "{\"valid\":true}");
    assertEquals(Optional.empty(), evaluator().checkProviders(canary));
    assertEquals("/api/v1/validate", datadog.lastRequest().path());

    datadog.answerBody(200, "application/json", "{\"valid\":false}");
    assertEquals(
        Optional.of("datadog in metric template dd.test is not available"),
        evaluator().checkProviders(canary));

    datadog.answer(403, "application/json", "datadog-forbidden.json");
    assertEquals(
        Optional.of(
            "metric template dd.test is not available: Datadog "
                + datadog.url()
                + " answered HTTP 403: {\"errors\": [\"Forbidden\"]}"),
        evaluator().checkProviders(canary));
  }

  @Test
  void reportsAMetricsServerThatDoesNotAnswerOne() {
    assertEquals(
        Optional.of(
            "prometheus " + prometheus.url() + " is not available: vector(1) did not return 1"),
        evaluator().checkProviders(canary(successRate(99.0))));
  }

  @Test
  void reportsAnUnavailableOrUnsupportedTemplateProvider() {
    prometheus.answer(200, "one.json");
    other.answer(400, "error.json");
    template("test", "errors", "prometheus", other.url(), "x");
    template("test", "cw", "cloudwatch", null, "x");

    assertEquals(
        Optional.of(
            "prometheus in metric template errors.test is not available: Prometheus "
                + other.url()
                + " refused the query (HTTP 400): bad_data: invalid parameter \"query\": 1:8:"
                + " parse error: unexpected end of input"),
        evaluator().checkProviders(canary(templated("errors", null, "errors"))));
    assertEquals(
        Optional.of(
            "Metric template cw.test provider cloudwatch error: provider type cloudwatch is not"
                + " supported yet"),
        evaluator().checkProviders(canary(templated("cw", null, "cw"))));
    assertEquals(
        Optional.of("Metric template gone.test error: MetricTemplate test/gone not found"),
        evaluator().checkProviders(canary(templated("gone", null, "gone"))));
  }

  @Test
  void readsTheMetricsOfTheDeprecatedCanaryAnalysis() throws IOException {
    Canary canary = canary(successRate(99.0));
    canary.getSpec().canaryAnalysis = canary.getSpec().analysis;
    canary.getSpec().analysis = null;

    assertTrue(evaluator(closedAddress(), "istio").checkProviders(canary).isPresent());
    assertEquals(Optional.empty(), evaluator().checkProviders(canary(new CanaryMetric[0])));
  }

  private void assertError(
      DefaultMetricEvaluator evaluator, CanaryMetric metric, String provider, String message) {
    MetricResult result = evaluator.evaluate(canary(), metric);
    assertEquals(Outcome.ERROR, result.outcome(), result.message());
    assertEquals(provider, result.provider());
    assertEquals(message, result.message());
    assertEquals(OptionalDouble.empty(), result.value());
    assertNull(result.min());
  }

  private DefaultMetricEvaluator evaluator() {
    return evaluator(prometheus.url(), "istio");
  }

  private DefaultMetricEvaluator evaluator(Clock clock) {
    return new DefaultMetricEvaluator(
        prometheus.url(),
        "istio",
        (namespace, name) -> Optional.ofNullable(templates.get(namespace + "/" + name)),
        (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name)),
        HTTP,
        Duration.ofSeconds(5),
        clock);
  }

  private static Clock fixedClock() {
    return Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  }

  private void datadogTemplate(String query) {
    MetricTemplate template = template("test", "dd", "datadog", datadog.url(), query);
    template.getSpec().provider.secretRef = secretRef("dd-keys");
    secrets.put(
        "test/dd-keys",
        secret(
            Map.of(
                "datadog_api_key", "api-key-0123456789", "datadog_application_key", "app-key-987"),
            null));
  }

  private DefaultMetricEvaluator evaluator(String metricsServer, String meshProvider) {
    return new DefaultMetricEvaluator(
        metricsServer,
        meshProvider,
        (namespace, name) -> Optional.ofNullable(templates.get(namespace + "/" + name)),
        (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name)),
        HTTP,
        Duration.ofSeconds(5));
  }

  private MetricTemplate template(
      String namespace, String name, String type, String address, String query) {
    MetricTemplate template = new MetricTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    template.setSpec(new MetricTemplateSpec());
    template.getSpec().provider = new MetricProviderSpec();
    template.getSpec().provider.type = type;
    template.getSpec().provider.address = address;
    template.getSpec().query = query;
    templates.put(namespace + "/" + name, template);
    return template;
  }

  private static Canary canary(CanaryMetric... metrics) {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    canary.setSpec(new CanarySpec());
    canary.getSpec().targetRef = new TargetReference();
    canary.getSpec().targetRef.apiVersion = "apps/v1";
    canary.getSpec().targetRef.kind = "Deployment";
    canary.getSpec().targetRef.name = "podinfo";
    canary.getSpec().service = new CanaryService();
    canary.getSpec().service.port = 9898;
    canary.getSpec().analysis = new CanaryAnalysis();
    canary.getSpec().analysis.metrics = new ArrayList<>(List.of(metrics));
    return canary;
  }

  private static CanaryMetric successRate(Double min) {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "request-success-rate";
    metric.thresholdRange = range(min, null);
    return metric;
  }

  private static CanaryMetric duration(Double max) {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "request-duration";
    metric.thresholdRange = range(null, max);
    return metric;
  }

  private static CanaryMetric templated(String name, String namespace, String template) {
    CanaryMetric metric = new CanaryMetric();
    metric.name = name;
    metric.templateRef = new CrossNamespaceReference();
    metric.templateRef.name = template;
    metric.templateRef.namespace = namespace;
    return metric;
  }

  private static ThresholdRange range(Double min, Double max) {
    ThresholdRange range = new ThresholdRange();
    range.min = min;
    range.max = max;
    return range;
  }

  private static SecretReference secretRef(String name) {
    SecretReference ref = new SecretReference();
    ref.name = name;
    return ref;
  }

  private static Secret secret(Map<String, String> data, Map<String, String> stringData) {
    Map<String, String> encoded = new HashMap<>();
    if (data != null) {
      data.forEach(
          (k, v) ->
              encoded.put(
                  k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    }
    return new SecretBuilder().withData(encoded).withStringData(stringData).build();
  }

  private static String vector(String value) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
        + "\"value\":[1700000000.123,\""
        + value
        + "\"]}]}}";
  }

  private static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
