package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** One metric check: a builtin metric, an inline query or a MetricTemplate, and its bounds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryMetric {

  @Required
  @JsonPropertyDescription(
      "Name of the check; request-success-rate and request-duration are builtin metrics.")
  public String name;

  @Pattern(CanaryAnalysis.DURATION_PATTERN)
  @JsonPropertyDescription("Range vector window of the query. Default 1m.")
  public String interval;

  @JsonPropertyDescription(
      "Deprecated bound: the minimum success rate, or the maximum of any other metric.")
  public Double threshold;

  @JsonPropertyDescription("Bounds the measured value must stay within.")
  public ThresholdRange thresholdRange;

  @JsonPropertyDescription(
      "Deprecated inline PromQL query, run against the Canary's metrics server.")
  public String query;

  @JsonPropertyDescription("The MetricTemplate whose query this check runs.")
  public CrossNamespaceReference templateRef;

  @JsonPropertyDescription("Values of the template's {{ variables.<key> }} placeholders.")
  public Map<String, String> templateVariables;
}
