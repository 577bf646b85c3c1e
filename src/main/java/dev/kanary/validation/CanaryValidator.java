package dev.kanary.validation;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAlert;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import dev.kanary.canary.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the rules of a Canary spec that its schema cannot express, so that an invalid Canary is
 * reported before any workload is touched.
 */
public final class CanaryValidator {

  /** The builtin metric names that need neither a template nor a query. */
  public static final Set<String> BUILTIN_METRICS =
      Set.of("request-success-rate", "request-duration");

  private static final Set<String> PROVIDERS =
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

  private static final Set<String> TARGET_KINDS = Set.of("Deployment", "DaemonSet", "Service");

  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final String defaultProvider;
  private final boolean noCrossNamespaceRefs;
  private final Set<String> routed;

  /**
   * Creates a validator.
   *
   * @param defaultProvider the provider of canaries that name none (the mesh provider setting)
   * @param noCrossNamespaceRefs whether references to other namespaces are refused
   * @param routed the providers Kanary can route
   */
  public CanaryValidator(String defaultProvider, boolean noCrossNamespaceRefs, Set<String> routed) {
    this.defaultProvider = defaultProvider;
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
    this.routed = Set.copyOf(routed);
  }

  /**
   * Validates a Canary.
   *
   * @param canary the canary
   * @return the verdict, naming every problem found
   */
  public Validation validate(Canary canary) {
    Problems problems = new Problems();
    CanarySpec spec = canary.getSpec();
    if (spec == null) {
      problems.add("InvalidSpec", "spec is required");
      return problems.toValidation("");
    }
    String provider = spec.provider != null ? spec.provider : defaultProvider;
    checkProvider(spec, provider, problems);
    checkTarget(spec, provider, problems);
    checkService(spec, provider, problems);
    CanaryAnalysis analysis = spec.analysis != null ? spec.analysis : spec.canaryAnalysis;
    if (analysis == null) {
      problems.add("InvalidSpec", "spec.analysis is required");
    } else {
      checkAnalysis(canary, analysis, problems);
    }
    if (spec.upstreamRef != null) {
      checkNamespace(canary, "spec.upstreamRef.namespace", spec.upstreamRef.namespace, problems);
    }
    return problems.toValidation("Canary spec is valid; provider " + provider);
  }

  private void checkProvider(CanarySpec spec, String provider, Problems problems) {
    String field = spec.provider != null ? "spec.provider" : "the operator's mesh provider";
    if (!PROVIDERS.contains(provider)) {
      problems.add("UnknownProvider", field + ": unknown provider '" + provider + "'");
    } else if (!routed.contains(provider)) {
      problems.add(
          "UnsupportedProvider",
          field
              + ": provider '"
              + provider
              + "' is not supported by Kanary yet; supported: "
              + String.join(", ", new java.util.TreeSet<>(routed)));
    }
  }

  private static void checkTarget(CanarySpec spec, String provider, Problems problems) {
    if (spec.targetRef == null) {
      problems.add("InvalidSpec", "spec.targetRef is required");
      return;
    }
    if (spec.targetRef.name == null || spec.targetRef.name.isBlank()) {
      problems.add("InvalidSpec", "spec.targetRef.name is required");
    }
    if (!TARGET_KINDS.contains(spec.targetRef.kind)) {
      problems.add(
          "InvalidSpec",
          "spec.targetRef.kind: unsupported kind '"
              + spec.targetRef.kind
              + "'; supported: Deployment, DaemonSet, Service");
    }
    boolean knativeTarget =
        "Service".equals(spec.targetRef.kind)
            && spec.targetRef.apiVersion != null
            && spec.targetRef.apiVersion.startsWith("serving.knative.dev/");
    boolean knativeProvider = "knative".equals(provider);
    if (knativeTarget && !knativeProvider) {
      problems.add(
          "InvalidSpec",
          "spec.provider: a Knative Service target needs provider knative, not '" + provider + "'");
    }
    if (knativeProvider && !knativeTarget) {
      problems.add(
          "InvalidSpec",
          "spec.targetRef: provider knative needs a serving.knative.dev/v1 Service target");
    }
    if (knativeProvider && spec.autoscalerRef != null) {
      problems.add("InvalidSpec", "spec.autoscalerRef is not supported with provider knative");
    }
  }

  private static void checkService(CanarySpec spec, String provider, Problems problems) {
    if (spec.service == null) {
      if (!"knative".equals(provider)) {
        problems.add("InvalidSpec", "spec.service is required");
      }
      return;
    }
    if (spec.service.port == null) {
      problems.add("InvalidSpec", "spec.service.port is required");
    } else if (spec.service.port < 1 || spec.service.port > 65535) {
      problems.add("InvalidSpec", "spec.service.port must be between 1 and 65535");
    }
    if (Boolean.TRUE.equals(spec.service.delegation)
        && (notEmpty(spec.service.hosts) || notEmpty(spec.service.gateways))) {
      problems.add(
          "InvalidSpec",
          "spec.service: a delegate VirtualService (delegation: true) may set neither hosts nor"
              + " gateways");
    }
    if (provider.startsWith("gatewayapi") && !notEmpty(spec.service.gatewayRefs)) {
      problems.add("InvalidSpec", "spec.service.gatewayRefs is required with provider " + provider);
    }
    if (("nginx".equals(provider) || "skipper".equals(provider)) && spec.ingressRef == null) {
      problems.add("InvalidSpec", "spec.ingressRef is required with provider " + provider);
    }
    if ("apisix".equals(provider) && spec.routeRef == null) {
      problems.add("InvalidSpec", "spec.routeRef is required with provider apisix");
    }
  }

  private void checkAnalysis(Canary canary, CanaryAnalysis analysis, Problems problems) {
    String at = canary.getSpec().analysis != null ? "spec.analysis" : "spec.canaryAnalysis";
    if (analysis.iterations == null
        && analysis.stepWeight == null
        && analysis.stepWeights == null) {
      problems.add("InvalidSpec", at + " needs iterations, stepWeight or stepWeights");
    }
    checkDuration(at + ".interval", analysis.interval, MIN_INTERVAL, problems);
    checkNonNegative(at + ".iterations", analysis.iterations, problems);
    checkNonNegative(at + ".threshold", analysis.threshold, problems);
    checkPercentage(at + ".maxWeight", analysis.maxWeight, problems);
    checkPercentage(at + ".stepWeight", analysis.stepWeight, problems);
    checkPercentage(at + ".stepWeightPromotion", analysis.stepWeightPromotion, problems);
    checkPercentage(at + ".primaryReadyThreshold", analysis.primaryReadyThreshold, problems);
    checkPercentage(at + ".canaryReadyThreshold", analysis.canaryReadyThreshold, problems);
    checkStepWeights(at, analysis.stepWeights, problems);
    checkSessionAffinity(at, analysis.sessionAffinity, problems);
    if (analysis.metrics != null) {
      for (int i = 0; i < analysis.metrics.size(); i++) {
        checkMetric(canary, at + ".metrics[" + i + "]", analysis.metrics.get(i), problems);
      }
    }
    if (analysis.webhooks != null) {
      for (int i = 0; i < analysis.webhooks.size(); i++) {
        checkWebhook(at + ".webhooks[" + i + "]", analysis.webhooks.get(i), problems);
      }
    }
    if (analysis.alerts != null) {
      for (int i = 0; i < analysis.alerts.size(); i++) {
        CanaryAlert alert = analysis.alerts.get(i);
        if (alert.providerRef == null || alert.providerRef.name == null) {
          problems.add("InvalidSpec", at + ".alerts[" + i + "].providerRef.name is required");
        } else {
          checkReference(
              canary, at + ".alerts[" + i + "].providerRef", alert.providerRef, problems);
        }
      }
    }
  }

  private static void checkStepWeights(String at, List<Integer> stepWeights, Problems problems) {
    if (stepWeights == null) {
      return;
    }
    int previous = 0;
    for (int i = 0; i < stepWeights.size(); i++) {
      Integer weight = stepWeights.get(i);
      if (weight == null || weight <= previous || weight > 100) {
        problems.add(
            "InvalidSpec",
            at
                + ".stepWeights must rise strictly, each between 1 and 100; item "
                + i
                + " is "
                + weight);
        return;
      }
      previous = weight;
    }
  }

  private static void checkSessionAffinity(String at, SessionAffinity affinity, Problems problems) {
    if (affinity == null) {
      return;
    }
    if (affinity.cookieName == null || affinity.cookieName.isBlank()) {
      problems.add("InvalidSpec", at + ".sessionAffinity.cookieName is required");
    } else if (affinity.cookieName.equals(affinity.primaryCookieName)) {
      problems.add(
          "InvalidSpec",
          at
              + ".sessionAffinity: cookieName and primaryCookieName must differ (both are '"
              + affinity.cookieName
              + "')");
    }
  }

  private void checkMetric(Canary canary, String at, CanaryMetric metric, Problems problems) {
    checkDuration(at + ".interval", metric.interval, Duration.ofSeconds(1), problems);
    boolean builtin = BUILTIN_METRICS.contains(metric.name);
    if (metric.templateRef != null) {
      checkReference(canary, at + ".templateRef", metric.templateRef, problems);
    } else if (!builtin && (metric.query == null || metric.query.isBlank())) {
      problems.add(
          "InvalidSpec",
          at
              + ": metric '"
              + metric.name
              + "' is not builtin (request-success-rate, request-duration) and has neither"
              + " templateRef nor query");
    }
    if (metric.thresholdRange != null
        && metric.thresholdRange.min != null
        && metric.thresholdRange.max != null
        && metric.thresholdRange.min > metric.thresholdRange.max) {
      problems.add("InvalidSpec", at + ".thresholdRange: min is greater than max");
    }
  }

  private static void checkWebhook(String at, CanaryWebhook webhook, Problems problems) {
    if (!Urls.isHttpUrl(webhook.url)) {
      problems.add(
          "InvalidSpec", at + ".url: webhook '" + webhook.name + "' has no absolute http(s) URL");
    }
    checkDuration(at + ".timeout", webhook.timeout, Duration.ofMillis(1), problems);
    checkNonNegative(at + ".retries", webhook.retries, problems);
  }

  private void checkReference(
      Canary canary, String at, CrossNamespaceReference reference, Problems problems) {
    checkNamespace(canary, at + ".namespace", reference.namespace, problems);
  }

  private void checkNamespace(Canary canary, String at, String namespace, Problems problems) {
    String own = canary.getMetadata().getNamespace();
    if (noCrossNamespaceRefs && namespace != null && !namespace.equals(own)) {
      problems.add(
          "CrossNamespaceReference",
          at
              + ": references to namespace '"
              + namespace
              + "' are disabled (no-cross-namespace-refs); use namespace '"
              + own
              + "'");
    }
  }

  private static void checkDuration(String at, String value, Duration minimum, Problems problems) {
    if (value == null) {
      return;
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty()) {
      problems.add("InvalidSpec", at + ": '" + value + "' is not a duration such as 30s or 1m");
    } else if (parsed.get().compareTo(minimum) < 0) {
      problems.add(
          "InvalidSpec", at + ": '" + value + "' is shorter than " + minimum.toMillis() + "ms");
    }
  }

  private static void checkNonNegative(String at, Integer value, Problems problems) {
    if (value != null && value < 0) {
      problems.add("InvalidSpec", at + " must not be negative");
    }
  }

  private static void checkPercentage(String at, Integer value, Problems problems) {
    if (value != null && (value < 0 || value > 100)) {
      problems.add("InvalidSpec", at + " must be between 0 and 100");
    }
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
