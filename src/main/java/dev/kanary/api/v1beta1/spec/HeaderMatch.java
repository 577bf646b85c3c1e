package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How one header of an A/B test must match: exactly one of exact, prefix, suffix or regex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.exact) ? 1 : 0) + (has(self.prefix) ? 1 : 0) + (has(self.suffix) ? 1 : 0)"
            + " + (has(self.regex) ? 1 : 0) == 1",
    message = "exactly one of exact, prefix, suffix or regex must be set")
public class HeaderMatch {

  @JsonPropertyDescription("The value must equal this.")
  public String exact;

  @JsonPropertyDescription("The value must start with this.")
  public String prefix;

  @JsonPropertyDescription("The value must end with this.")
  public String suffix;

  @JsonPropertyDescription("The value must match this RE2 regular expression.")
  public String regex;
}
