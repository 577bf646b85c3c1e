package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What a Canary rolls out, how its traffic is routed and how each step is analysed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.analysis) || has(self.canaryAnalysis)",
    message = "spec.analysis is required")
public class CanarySpec {

  @SchemaFrom(type = Provider.class)
  @JsonPropertyDescription(
      "Service mesh or ingress that shifts the traffic; overrides the operator's mesh provider.")
  public String provider;

  @JsonPropertyDescription(
      "Prometheus URL for the builtin metrics and inline queries; overrides the operator's"
          + " metrics server.")
  public String metricsServer;

  @Required
  @JsonPropertyDescription("The workload to roll out.")
  public TargetReference targetRef;

  @JsonPropertyDescription("The target's autoscaler, copied for the primary workload.")
  public AutoscalerReference autoscalerRef;

  @JsonPropertyDescription("The Ingress the NGINX or Skipper provider clones for the canary.")
  public IngressReference ingressRef;

  @JsonPropertyDescription("The ApisixRoute the APISIX provider derives the canary route from.")
  public RouteReference routeRef;

  @JsonPropertyDescription("The Gloo Upstream copied into the generated upstreams.")
  public UpstreamReference upstreamRef;

  @JsonPropertyDescription("The Services and routing objects generated for the target.")
  public CanaryService service;

  @JsonPropertyDescription("How each step of the rollout is analysed and how traffic advances.")
  public CanaryAnalysis analysis;

  @JsonPropertyDescription(
      "Deprecated alias of analysis, kept for manifests written for older Flagger versions;"
          + " analysis wins when both are set.")
  public CanaryAnalysis canaryAnalysis;

  @JsonPropertyDescription(
      "Seconds the canary and the primary may take to become ready before the rollout is rolled"
          + " back. Default 600.")
  public Integer progressDeadlineSeconds;

  @JsonPropertyDescription("Promote every new revision at once, without analysis.")
  public Boolean skipAnalysis;

  @JsonPropertyDescription(
      "On deletion of the Canary, give the target back its traffic and scale before the"
          + " generated objects are removed.")
  public Boolean revertOnDeletion;

  @JsonPropertyDescription("Pause the rollout; no step runs while set.")
  public Boolean suspend;
}
