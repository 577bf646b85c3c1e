package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret in the namespace of the referring object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

  @Required
  @JsonPropertyDescription("Name of the Secret, in the same namespace as the referring object.")
  public String name;
}
