package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The autoscaler of the target, copied for the primary workload. */
public class AutoscalerReference extends ObjectReference {

  /** The kinds an autoscaler may have. */
  public enum Kind {
    HorizontalPodAutoscaler,
    ScaledObject
  }

  @Required
  @SchemaFrom(type = Kind.class)
  @JsonPropertyDescription(
      "Kind of the autoscaler: HorizontalPodAutoscaler or ScaledObject (KEDA).")
  public String kind;

  @JsonPropertyDescription(
      "Replacement queries for the primary's ScaledObject triggers, keyed by trigger name.")
  public Map<String, String> primaryScalerQueries;

  @JsonPropertyDescription("Replica bounds for the primary's autoscaler, overriding the target's.")
  public ScalerReplicas primaryScalerReplicas;

  @Override
  public String kind() {
    return kind;
  }
}
