package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** An allowed CORS origin: exactly one of exact, prefix or regex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.exact) ? 1 : 0) + (has(self.prefix) ? 1 : 0) + (has(self.regex) ? 1 : 0) == 1",
    message = "exactly one of exact, prefix or regex must be set")
public class OriginMatch {

  @JsonPropertyDescription("The origin must equal this.")
  public String exact;

  @JsonPropertyDescription("The origin must start with this.")
  public String prefix;

  @JsonPropertyDescription("The origin must match this RE2 regular expression.")
  public String regex;
}
