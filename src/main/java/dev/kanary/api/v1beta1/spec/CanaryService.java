package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kanary.api.v1beta1.spec.gateway.HttpRequestMirrorFilter;
import dev.kanary.api.v1beta1.spec.gateway.ParentReference;
import dev.kanary.api.v1beta1.spec.istio.CorsPolicy;
import dev.kanary.api.v1beta1.spec.istio.Headers;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.HttpRetry;
import dev.kanary.api.v1beta1.spec.istio.HttpRewrite;
import dev.kanary.api.v1beta1.spec.istio.TrafficPolicy;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** The apex, primary and canary Services and the routing objects generated for the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryService {

  /** The traffic distribution preferences a Service may declare. */
  public enum TrafficDistribution {
    PreferClose,
    PreferSameZone,
    PreferSameNode
  }

  @JsonPropertyDescription(
      "Name of the apex Service; defaults to the target's name. The primary and canary Services"
          + " are named <name>-primary and <name>-canary.")
  public String name;

  @Required
  @JsonPropertyDescription("Port the Services expose.")
  public Integer port;

  @JsonPropertyDescription("Name of the Service port. Default http.")
  public String portName;

  @JsonPropertyDescription("Container port the Services forward to; defaults to port.")
  public IntOrString targetPort;

  @JsonPropertyDescription("Application protocol of the port; tcp makes Istio route TCP.")
  public String appProtocol;

  @SchemaFrom(type = TrafficDistribution.class)
  @JsonPropertyDescription("Traffic distribution preference set on the generated Services.")
  public String trafficDistribution;

  @JsonPropertyDescription(
      "Expose every other container port of the target on the generated Services too.")
  public Boolean portDiscovery;

  @JsonPropertyDescription("Generate headless Services (clusterIP None).")
  public Boolean headless;

  @JsonPropertyDescription("Request timeout of the generated route, for example 15s.")
  public String timeout;

  @JsonPropertyDescription("Backend request timeout of the generated HTTPRoute (Gateway API).")
  public String backendTimeout;

  @JsonPropertyDescription("Istio gateways the VirtualService binds to. Default mesh.")
  public List<String> gateways;

  @Size(max = 32)
  @JsonPropertyDescription("Gateway API parents the HTTPRoute attaches to.")
  public List<ParentReference> gatewayRefs;

  @JsonPropertyDescription(
      "Hosts of the VirtualService or hostnames of the HTTPRoute; the apex name is added.")
  public List<String> hosts;

  @JsonPropertyDescription(
      "Generate an Istio delegate VirtualService, with neither hosts nor gateways.")
  public Boolean delegation;

  @JsonPropertyDescription("Istio traffic policy of both generated DestinationRules.")
  public TrafficPolicy trafficPolicy;

  @JsonPropertyDescription("Request match conditions of the generated route.")
  public List<HttpMatchRequest> match;

  @JsonPropertyDescription("URI and authority rewrite of the generated route.")
  public HttpRewrite rewrite;

  @JsonPropertyDescription("Retry policy of the generated route.")
  public HttpRetry retries;

  @JsonPropertyDescription("Request and response header operations of the generated route.")
  public Headers headers;

  @JsonPropertyDescription("Gateway API request mirrors of the generated HTTPRoute.")
  public List<HttpRequestMirrorFilter> mirror;

  @JsonPropertyDescription("Istio CORS policy of the generated route.")
  public CorsPolicy corsPolicy;

  @JsonPropertyDescription("App Mesh mesh name.")
  public String meshName;

  @JsonPropertyDescription("App Mesh virtual node backends.")
  public List<String> backends;

  @JsonPropertyDescription("Labels and annotations added to the apex Service and routing objects.")
  public CustomMetadata apex;

  @JsonPropertyDescription("Labels and annotations added to the primary Service.")
  public CustomMetadata primary;

  @JsonPropertyDescription("Labels and annotations added to the canary Service.")
  public CustomMetadata canary;

  @JsonPropertyDescription(
      "Label and annotation keys on the generated Services that other tools own and Kanary must"
          + " leave alone.")
  public UnmanagedMetadata unmanagedMetadata;
}
