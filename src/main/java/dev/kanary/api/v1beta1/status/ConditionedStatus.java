package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The status of a resource whose only observations are conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConditionedStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Observations about the resource; Ready tells whether it is usable.")
  public List<Condition> conditions = new ArrayList<>();
}
