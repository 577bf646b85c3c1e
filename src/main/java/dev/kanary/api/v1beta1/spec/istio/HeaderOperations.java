package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Headers to set, append or remove. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderOperations {

  @JsonPropertyDescription("Headers to overwrite.")
  public Map<String, String> set;

  @JsonPropertyDescription("Headers to append.")
  public Map<String, String> add;

  @JsonPropertyDescription("Headers to remove.")
  public List<String> remove;
}
