package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/** The ApisixRoute the APISIX provider derives its canary route from. */
public class RouteReference extends ObjectReference {

  /** The only kind a route reference may have. */
  public enum Kind {
    ApisixRoute
  }

  @Required
  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription("Kind of the referenced object: ApisixRoute.")
  public String kind;

  @Override
  public String kind() {
    return kind;
  }
}
