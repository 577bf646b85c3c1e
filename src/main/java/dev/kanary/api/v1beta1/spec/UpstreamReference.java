package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/** The Gloo Upstream whose settings are copied into the generated upstreams. */
public class UpstreamReference extends ObjectReference {

  /** The only kind an upstream reference may have. */
  public enum Kind {
    Upstream
  }

  @Required
  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription("Kind of the referenced object: Upstream.")
  public String kind;

  @JsonPropertyDescription("Namespace of the Upstream; defaults to the Canary's namespace.")
  public String namespace;

  @Override
  public String kind() {
    return kind;
  }
}
