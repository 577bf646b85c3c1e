package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One observation about a resource, in the shape Flagger's resources use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  /** The condition Flagger and Kanary set on a Canary after each phase change. */
  public static final String PROMOTED = "Promoted";

  /** The condition Kanary sets on every resource it validates. */
  public static final String READY = "Ready";

  @Required
  @JsonPropertyDescription("Type of the condition, for example Ready or Promoted.")
  public String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("When the condition was last written.")
  public String lastUpdateTime;

  @JsonPropertyDescription("When the status last changed.")
  public String lastTransitionTime;

  @Required
  @JsonPropertyDescription("A CamelCase reason for the status.")
  public String reason;

  @JsonPropertyDescription("What happened, and what to do about it, in words.")
  public String message;
}
