package dev.kanary.api.v1beta1.spec.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Gateway API parent (usually a Gateway) the generated HTTPRoute attaches to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParentReference {

  /** A DNS subdomain, or empty for the core API group. */
  public static final String GROUP_PATTERN =
      "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A Kubernetes kind. */
  public static final String KIND_PATTERN = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";

  /** A DNS label, as namespaces are named. */
  public static final String NAMESPACE_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Default("gateway.networking.k8s.io")
  @Size(max = 253)
  @Pattern(GROUP_PATTERN)
  @JsonPropertyDescription("API group of the parent. Default gateway.networking.k8s.io.")
  public String group;

  @Default("Gateway")
  @Size(min = 1, max = 63)
  @Pattern(KIND_PATTERN)
  @JsonPropertyDescription("Kind of the parent. Default Gateway.")
  public String kind;

  @Size(min = 1, max = 63)
  @Pattern(NAMESPACE_PATTERN)
  @JsonPropertyDescription("Namespace of the parent; defaults to the route's namespace.")
  public String namespace;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the parent.")
  public String name;

  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Listener of the parent to attach to.")
  public String sectionName;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the parent's listener to attach to.")
  public Integer port;
}
