package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Labels and annotations to add to a generated object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomMetadata {

  @JsonPropertyDescription("Labels to add.")
  public Map<String, String> labels;

  @JsonPropertyDescription("Annotations to add.")
  public Map<String, String> annotations;
}
