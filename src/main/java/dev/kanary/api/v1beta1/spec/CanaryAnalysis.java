package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The schedule, strategy and checks of a Canary's analysis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.iterations) || has(self.stepWeight) || has(self.stepWeights)",
    message = "analysis needs iterations, stepWeight or stepWeights")
public class CanaryAnalysis {

  /** A Go-style duration such as 30s, 1m or 1m30s. */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription("Time between two analysis steps, for example 1m. Default 60s.")
  public String interval;

  @JsonPropertyDescription(
      "Number of iterations of a Blue/Green or A/B analysis; with match set this is an A/B test.")
  public Integer iterations;

  @JsonPropertyDescription("Failed checks tolerated before the rollout is rolled back. Default 1.")
  public Integer threshold;

  @JsonPropertyDescription(
      "Canary weight at which promotion starts. Default 100, or the last of stepWeights.")
  public Integer maxWeight;

  @JsonPropertyDescription("Canary weight added at each step.")
  public Integer stepWeight;

  @JsonPropertyDescription("Explicit ladder of canary weights, used when stepWeight is not set.")
  public List<Integer> stepWeights;

  @JsonPropertyDescription(
      "Weight moved back to the primary at each step after promotion; 0 moves all at once.")
  public Integer stepWeightPromotion;

  @JsonPropertyDescription("Mirror traffic to the canary instead of shifting it (Blue/Green).")
  public Boolean mirror;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Percentage of the traffic mirrored to the canary.")
  public Integer mirrorWeight;

  @JsonPropertyDescription(
      "Percentage of the primary's updated replicas that must be available. Default 100.")
  public Integer primaryReadyThreshold;

  @JsonPropertyDescription(
      "Percentage of the canary's updated replicas that must be available. Default 100.")
  public Integer canaryReadyThreshold;

  @JsonPropertyDescription("Alert providers notified of this Canary's rollouts.")
  public List<CanaryAlert> alerts;

  @JsonPropertyDescription("Metric checks run at every analysis step.")
  public List<CanaryMetric> metrics;

  @JsonPropertyDescription("Webhooks called during the rollout, by type.")
  public List<CanaryWebhook> webhooks;

  @JsonPropertyDescription("Request conditions that send traffic to the canary during an A/B test.")
  public List<AnalysisMatch> match;

  @JsonPropertyDescription("Cookie-based stickiness of users who reached the canary.")
  public SessionAffinity sessionAffinity;
}
