package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Inclusive bounds a measured metric value must stay within. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdRange {

  @JsonPropertyDescription("Least acceptable value.")
  public Double min;

  @JsonPropertyDescription("Greatest acceptable value.")
  public Double max;
}
