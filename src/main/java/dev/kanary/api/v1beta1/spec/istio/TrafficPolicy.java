package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio traffic policy put into the generated DestinationRules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficPolicy {

  @JsonPropertyDescription("Connection pool limits.")
  public ConnectionPool connectionPool;

  @JsonPropertyDescription("Load balancing policy.")
  public LoadBalancer loadBalancer;

  @JsonPropertyDescription("Ejection of unhealthy hosts.")
  public OutlierDetection outlierDetection;

  @JsonPropertyDescription("TLS settings of connections to the workload.")
  public ClientTls tls;
}
