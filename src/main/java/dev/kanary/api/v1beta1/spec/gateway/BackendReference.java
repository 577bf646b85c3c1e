package dev.kanary.api.v1beta1.spec.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A Gateway API backend that mirrored requests are sent to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
    message = "Must have port for Service reference")
public class BackendReference {

  @Default("")
  @Size(max = 253)
  @Pattern(ParentReference.GROUP_PATTERN)
  @JsonPropertyDescription("API group of the backend; empty for the core group.")
  public String group;

  @Default("Service")
  @Size(min = 1, max = 63)
  @Pattern(ParentReference.KIND_PATTERN)
  @JsonPropertyDescription("Kind of the backend. Default Service.")
  public String kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the backend.")
  public String name;

  @Size(min = 1, max = 63)
  @Pattern(ParentReference.NAMESPACE_PATTERN)
  @JsonPropertyDescription("Namespace of the backend; defaults to the route's namespace.")
  public String namespace;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the backend; required for a Service.")
  public Integer port;
}
