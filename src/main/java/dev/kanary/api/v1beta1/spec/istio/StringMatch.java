package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** An Istio string match: at most one of exact, prefix or regex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.exact) ? 1 : 0) + (has(self.prefix) ? 1 : 0) + (has(self.regex) ? 1 : 0) <= 1",
    message = "at most one of exact, prefix or regex may be set")
public class StringMatch {

  @JsonPropertyDescription("The value must equal this.")
  public String exact;

  @JsonPropertyDescription("The value must start with this.")
  public String prefix;

  @JsonPropertyDescription("The value must match this RE2 regular expression.")
  public String regex;
}
