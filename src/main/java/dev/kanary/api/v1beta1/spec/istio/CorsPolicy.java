package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The Cross-Origin Resource Sharing policy of a route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CorsPolicy {

  @JsonPropertyDescription("Deprecated list of allowed origins; use allowOrigins.")
  public List<String> allowOrigin;

  @JsonPropertyDescription("Allowed origins.")
  public List<OriginMatch> allowOrigins;

  @JsonPropertyDescription("Allowed methods.")
  public List<String> allowMethods;

  @JsonPropertyDescription("Allowed request headers.")
  public List<String> allowHeaders;

  @JsonPropertyDescription("Response headers browsers may read.")
  public List<String> exposeHeaders;

  @JsonPropertyDescription("How long a preflight answer may be cached, for example 24h.")
  public String maxAge;

  @JsonPropertyDescription("Whether credentials may be sent.")
  public Boolean allowCredentials;
}
