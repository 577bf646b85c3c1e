package dev.kanary.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryValidatorTest {

  private static final java.util.Set<String> ROUTED =
      java.util.Set.of("istio", "kubernetes", "nginx", "gatewayapi:v1", "gatewayapi:v1beta1");

  private final CanaryValidator validator = new CanaryValidator("istio", false, ROUTED);

  static Stream<Arguments> invalidSpecs() {
    return Stream.<Arguments>of(
        invalid(
            "unknown provider",
            c -> c.getSpec().provider = "gatewayapi",
            "spec.provider: unknown provider 'gatewayapi'"),
        invalid(
            "provider without a router yet",
            c -> c.getSpec().provider = "linkerd",
            "spec.provider: provider 'linkerd' is not supported by Kanary yet; supported:"
                + " gatewayapi:v1, gatewayapi:v1beta1, istio, kubernetes, nginx"),
        invalid(
            "unparsable interval",
            c -> analysis(c).interval = "10sx",
            "spec.analysis.interval: '10sx' is not a duration"),
        invalid(
            "sub-second interval",
            c -> analysis(c).interval = "500ms",
            "spec.analysis.interval: '500ms' is shorter than 1000ms"),
        invalid(
            "no strategy",
            c -> {
              analysis(c).stepWeight = null;
              analysis(c).maxWeight = null;
            },
            "spec.analysis needs iterations, stepWeight or stepWeights"),
        invalid(
            "weight above 100",
            c -> analysis(c).maxWeight = 120,
            "spec.analysis.maxWeight must be between 0 and 100"),
        invalid(
            "descending ladder",
            c -> analysis(c).stepWeights = List.of(10, 5),
            "spec.analysis.stepWeights must rise strictly"),
        invalid(
            "same cookie names",
            CanaryValidatorTest::sameCookies,
            "cookieName and primaryCookieName must differ"),
        invalid(
            "knative target, istio provider",
            CanaryValidatorTest::knativeTarget,
            "a Knative Service target needs provider knative"),
        invalid(
            "knative provider, deployment target",
            c -> c.getSpec().provider = "knative",
            "provider knative needs a serving.knative.dev/v1 Service target"),
        invalid(
            "delegation with hosts",
            c -> c.getSpec().service.delegation = true,
            "a delegate VirtualService (delegation: true) may set neither hosts nor gateways"),
        invalid(
            "gateway api without refs",
            c -> c.getSpec().provider = "gatewayapi:v1",
            "spec.service.gatewayRefs is required with provider gatewayapi:v1"),
        invalid(
            "nginx without ingressRef",
            c -> c.getSpec().provider = "nginx",
            "spec.ingressRef is required with provider nginx"),
        invalid(
            "metric without query",
            CanaryValidatorTest::customMetricWithoutQuery,
            "metric 'error-rate' is not builtin"),
        invalid(
            "webhook without URL",
            c -> webhook(c).url = "flagger-loadtester/",
            "spec.analysis.webhooks[0].url: webhook 'load-test' has no absolute http(s) URL"),
        invalid(
            "bad webhook timeout",
            c -> webhook(c).timeout = "5 seconds",
            "spec.analysis.webhooks[0].timeout"),
        invalid(
            "inverted threshold range",
            CanaryValidatorTest::invertedRange,
            "thresholdRange: min is greater than max"),
        invalid("missing analysis", c -> c.getSpec().analysis = null, "spec.analysis is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void reportsWhatTheSchemaCannotExpress(String name, Consumer<Canary> change, String expected) {
    Canary canary = backend();
    change.accept(canary);
    Validation validation = validator.validate(canary);
    assertFalse(validation.valid(), name);
    assertTrue(validation.message().contains(expected), validation.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validManifests")
  void acceptsEveryValidManifest(String manifest) {
    Set<String> everyProvider =
        Set.of(
            "apisix",
            "appmesh",
            "appmesh:v1beta2",
            "contour",
            "gatewayapi:v1",
            "gatewayapi:v1beta1",
            "gloo",
            "istio",
            "knative",
            "kubernetes",
            "kuma",
            "linkerd",
            "nginx",
            "osm",
            "skipper",
            "smi:v1alpha1",
            "smi:v1alpha2",
            "smi:v1alpha3",
            "traefik");
    Validation validation =
        new CanaryValidator("istio", false, everyProvider).validate(load(manifest));
    assertTrue(validation.valid(), manifest + ": " + validation.message());
    assertEquals(Validation.VALID, validation.reason());
  }

  static Stream<String> validManifests() {
    return Stream.of(
        "backend-canary.yaml",
        "frontend-canary.yaml",
        "bluegreen-canary.yaml",
        "mirroring-canary.yaml",
        "session-affinity-canary.yaml",
        "daemonset-canary.yaml",
        "hpa-canary.yaml",
        "gatewayapi-canary.yaml",
        "webhooks-canary.yaml",
        "istio-full-canary.yaml",
        "nginx-canary.yaml",
        "alerts-canary.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crossNamespaceRefs")
  void refusesCrossNamespaceReferencesWhenDisabled(
      String name, Consumer<Canary> change, String field) {
    Canary canary = backend();
    change.accept(canary);
    assertTrue(validator.validate(canary).valid(), "allowed by default");
    Validation strict = new CanaryValidator("istio", true, ROUTED).validate(canary);
    assertFalse(strict.valid());
    assertEquals("CrossNamespaceReference", strict.reason());
    assertTrue(strict.message().startsWith(field), strict.message());
  }

  static Stream<Arguments> crossNamespaceRefs() {
    return Stream.of(
        Arguments.of(
            "template",
            (Consumer<Canary>) c -> templateMetric(c, "monitoring"),
            "spec.analysis.metrics[2].templateRef.namespace"),
        Arguments.of(
            "alert provider",
            (Consumer<Canary>) CanaryValidatorTest::foreignAlert,
            "spec.analysis.alerts[0].providerRef.namespace"));
  }

  @org.junit.jupiter.api.Test
  void acceptsOwnNamespaceReferencesWhenCrossNamespaceIsDisabled() {
    Canary canary = backend();
    templateMetric(canary, "prod");
    assertTrue(new CanaryValidator("istio", true, ROUTED).validate(canary).valid());
  }

  private static Arguments invalid(String name, Consumer<Canary> change, String expected) {
    return Arguments.of(name, change, expected);
  }

  private static Canary backend() {
    return load("backend-canary.yaml");
  }

  private static Canary load(String manifest) {
    InputStream in = CanaryValidatorTest.class.getResourceAsStream("/manifests/valid/" + manifest);
    return Serialization.unmarshal(in, Canary.class);
  }

  private static CanaryAnalysis analysis(Canary canary) {
    return canary.getSpec().analysis;
  }

  private static CanaryWebhook webhook(Canary canary) {
    return analysis(canary).webhooks.get(0);
  }

  private static void knativeTarget(Canary canary) {
    canary.getSpec().targetRef.apiVersion = "serving.knative.dev/v1";
    canary.getSpec().targetRef.kind = "Service";
  }

  private static void sameCookies(Canary canary) {
    SessionAffinity affinity = new SessionAffinity();
    affinity.cookieName = "canary";
    affinity.primaryCookieName = "canary";
    analysis(canary).sessionAffinity = affinity;
  }

  private static void customMetricWithoutQuery(Canary canary) {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "error-rate";
    analysis(canary).metrics.add(metric);
  }

  private static void invertedRange(Canary canary) {
    analysis(canary).metrics.get(0).thresholdRange.max = 1.0;
  }

  private static void templateMetric(Canary canary, String namespace) {
    CanaryMetric metric = new CanaryMetric();
    metric.name = "error-rate";
    metric.templateRef = new CrossNamespaceReference();
    metric.templateRef.name = "error-rate";
    metric.templateRef.namespace = namespace;
    analysis(canary).metrics.add(metric);
  }

  private static void foreignAlert(Canary canary) {
    var alert = new dev.kanary.api.v1beta1.spec.CanaryAlert();
    alert.name = "on-call";
    alert.providerRef = new CrossNamespaceReference();
    alert.providerRef.name = "slack";
    alert.providerRef.namespace = "flagger-system";
    analysis(canary).alerts = new java.util.ArrayList<>(List.of(alert));
  }
}
