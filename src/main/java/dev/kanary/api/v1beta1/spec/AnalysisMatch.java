package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import java.util.Map;

/** Request conditions that route a request to the canary during an A/B test; all must hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisMatch {

  @JsonPropertyDescription("Request headers and how each must match; Cookie matches cookies.")
  public Map<String, HeaderMatch> headers;

  @JsonPropertyDescription("Query parameters and how each must match.")
  public Map<String, StringMatch> queryParams;

  @JsonPropertyDescription("Labels the calling workload must carry (Istio).")
  public Map<String, String> sourceLabels;
}
