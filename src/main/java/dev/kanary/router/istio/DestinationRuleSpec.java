package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kanary.api.v1beta1.spec.istio.TrafficPolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The part of an Istio {@code DestinationRule} spec Kanary writes; other fields such as {@code
 * subsets} or {@code exportTo} are kept as {@link #unmodelled()}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DestinationRuleSpec extends UnmodelledFields {

  /** The service the rule applies to. */
  public String host;

  /** Connection pool, load balancing, outlier detection and TLS settings. */
  public TrafficPolicy trafficPolicy;
}
