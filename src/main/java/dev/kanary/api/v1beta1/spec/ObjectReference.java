package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The fields shared by every typed reference from a Canary to another object in its namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ObjectReference {

  @Required
  @JsonPropertyDescription("API version of the referenced object, for example apps/v1.")
  public String apiVersion;

  @Required
  @JsonPropertyDescription("Name of the referenced object, in the Canary's namespace.")
  public String name;

  /**
   * The kind of the referenced object.
   *
   * @return the kind as written in the manifest, or null when absent
   */
  public abstract String kind();
}
