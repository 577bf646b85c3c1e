package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Ejection of hosts that keep failing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutlierDetection {

  @JsonPropertyDescription("Deprecated: consecutive errors before ejection.")
  public Integer consecutiveErrors;

  @JsonPropertyDescription("Consecutive 5xx errors before ejection.")
  public Integer consecutive5xxErrors;

  @JsonPropertyDescription("Consecutive gateway errors before ejection.")
  public Integer consecutiveGatewayErrors;

  @JsonPropertyDescription("Consecutive locally originated failures before ejection.")
  public Integer consecutiveLocalOriginFailures;

  @JsonPropertyDescription("Whether locally originated failures are counted apart.")
  public Boolean splitExternalLocalOriginErrors;

  @JsonPropertyDescription("Time between ejection sweeps.")
  public String interval;

  @JsonPropertyDescription("Minimum ejection duration.")
  public String baseEjectionTime;

  @JsonPropertyDescription("Maximum percentage of hosts ejected.")
  public Integer maxEjectionPercent;

  @JsonPropertyDescription("Healthy-host percentage below which detection stops.")
  public Integer minHealthPercent;
}
