package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/** The workload a Canary rolls out: a Deployment, a DaemonSet or a Service. */
public class TargetReference extends ObjectReference {

  /** The kinds a target may have. */
  public enum Kind {
    DaemonSet,
    Deployment,
    Service
  }

  @Required
  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription("Kind of the target: Deployment, DaemonSet or Service.")
  public String kind;

  @Override
  public String kind() {
    return kind;
  }
}
