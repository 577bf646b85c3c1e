package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.ArrayList;
import java.util.List;

/** The record of one analysis step: what was measured and what was decided from it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRecord {

  /** What the engine did with the canary after a step. */
  public enum Decision {
    Advanced,
    Halted,
    Waiting,
    Promoted,
    RolledBack
  }

  @JsonPropertyDescription("When the step ran.")
  public String time;

  @JsonPropertyDescription("Phase the canary was in when the step ran.")
  public String phase;

  @JsonPropertyDescription("Canary weight when the step ran.")
  public Integer canaryWeight;

  @JsonPropertyDescription("Iteration when the step ran.")
  public Integer iterations;

  @SchemaFrom(type = Decision.class)
  @JsonPropertyDescription("What was decided: Advanced, Halted, Waiting, Promoted or RolledBack.")
  public String decision;

  @JsonPropertyDescription("Why, in words, naming the checks and values that decided it.")
  public String message;

  @JsonPropertyDescription("Failed checks counted after the step.")
  public Integer failedChecks;

  @JsonPropertyDescription("Failed checks tolerated before rollback.")
  public Integer threshold;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Every metric and webhook evaluated in the step, in order.")
  public List<CheckResult> checks = new ArrayList<>();
}
