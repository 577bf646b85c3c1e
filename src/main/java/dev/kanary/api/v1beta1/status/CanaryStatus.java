package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.Map;

/** Where a Canary's rollout stands; all rollout progress lives here, so it survives restarts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStatus extends ConditionedStatus {

  @SchemaFrom(type = CanaryPhase.class)
  @JsonPropertyDescription("Phase of the rollout, for example Progressing or Succeeded.")
  public String phase;

  @JsonPropertyDescription("Failed checks counted in the current analysis.")
  public Integer failedChecks;

  @JsonPropertyDescription("Percentage of the traffic currently routed to the canary.")
  public Integer canaryWeight;

  @JsonPropertyDescription("Iterations completed in the current analysis.")
  public Integer iterations;

  @JsonPropertyDescription(
      "Checksums of the ConfigMaps and Secrets the target uses, keyed configmap/<name> or"
          + " secret/<name>.")
  public Map<String, String> trackedConfigs;

  @JsonPropertyDescription("Hash of the target revision last seen.")
  public String lastAppliedSpec;

  @JsonPropertyDescription("Hash of the target revision the primary runs.")
  public String lastPromotedSpec;

  @JsonPropertyDescription("Revision tracked by older Flagger versions; kept for compatibility.")
  public String lastTrackedRevision;

  @JsonPropertyDescription("When the status was last written.")
  public String lastTransitionTime;

  @JsonPropertyDescription("Cookie that pins users to the canary, as name=value.")
  public String sessionAffinityCookie;

  @JsonPropertyDescription("Cookie that pins users to the primary, as name=value.")
  public String primarySessionAffinityCookie;

  @JsonPropertyDescription("Canary cookie of the previous rollout, expired on the next one.")
  public String previousSessionAffinityCookie;

  @JsonPropertyDescription(
      "The last analysis step: every check's measured value, bounds and verdict, and the"
          + " decision taken.")
  public AnalysisRecord lastAnalysis;
}
