package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference by name to a MetricTemplate or AlertProvider, optionally in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrossNamespaceReference {

  @Required
  @JsonPropertyDescription("Name of the referenced object.")
  public String name;

  @JsonPropertyDescription(
      "Namespace of the referenced object; defaults to the Canary's namespace.")
  public String namespace;
}
