package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/** One AlertProvider notified of a Canary's rollouts, with the least severity it receives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryAlert {

  /** The severities an alert may filter on; empty means info. */
  public enum Severity {
    @JsonProperty("")
    UNSET,
    @JsonProperty("info")
    INFO,
    @JsonProperty("warn")
    WARN,
    @JsonProperty("error")
    ERROR
  }

  @Required
  @JsonPropertyDescription("Name of this alert.")
  public String name;

  @SchemaFrom(type = Severity.class)
  @JsonPropertyDescription(
      "Least severity sent: info sends everything, warn sends warnings and errors, error sends"
          + " errors only. Default info.")
  public String severity;

  @Required
  @JsonPropertyDescription("The AlertProvider to notify.")
  public CrossNamespaceReference providerRef;
}
