package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Metadata keys of generated objects that Kanary neither adds, changes nor removes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnmanagedMetadata {

  @JsonPropertyDescription("Label keys owned by other tools.")
  public List<String> labels;

  @JsonPropertyDescription("Annotation keys owned by other tools.")
  public List<String> annotations;
}
