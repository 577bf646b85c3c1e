package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/** The outcome of one metric or webhook check in an analysis step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckResult {

  /** What was checked. */
  public enum Kind {
    Metric,
    Webhook
  }

  /** The verdict of a check. */
  public enum Verdict {
    Passed,
    Failed,
    Error
  }

  @JsonPropertyDescription("Name of the metric or webhook.")
  public String name;

  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription("Metric or Webhook.")
  public String kind;

  @JsonPropertyDescription("Webhook type, or the metric's provider.")
  public String source;

  @JsonPropertyDescription(
      "Measured value: the metric's value in its unit, or the webhook's HTTP status code.")
  public Double value;

  @JsonPropertyDescription("Least acceptable value, when bounded below.")
  public Double min;

  @JsonPropertyDescription("Greatest acceptable value, when bounded above.")
  public Double max;

  @SchemaFrom(type = Verdict.class)
  @JsonPropertyDescription(
      "Passed, Failed (out of bounds or refused) or Error (could not be measured).")
  public String verdict;

  @JsonPropertyDescription("Details: the bound crossed, the error, or the webhook's answer.")
  public String message;

  @JsonPropertyDescription("When the check ran.")
  public String time;
}
