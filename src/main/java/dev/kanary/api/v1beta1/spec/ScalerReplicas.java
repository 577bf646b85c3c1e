package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Replica bounds for the primary workload's autoscaler. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalerReplicas {

  @Min(1)
  @JsonPropertyDescription("Minimum number of primary replicas.")
  public Integer minReplicas;

  @Min(1)
  @JsonPropertyDescription("Maximum number of primary replicas.")
  public Integer maxReplicas;
}
