package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/** The Ingress the NGINX provider clones into a canary Ingress. */
public class IngressReference extends ObjectReference {

  /** The only kind an ingress reference may have. */
  public enum Kind {
    Ingress
  }

  @Required
  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription("Kind of the referenced object: Ingress.")
  public String kind;

  @Override
  public String kind() {
    return kind;
  }
}
