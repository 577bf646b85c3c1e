package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A rewrite of the URI and authority of a routed request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRewrite {

  @JsonPropertyDescription("Replacement of the matched URI or prefix.")
  public String uri;

  @JsonPropertyDescription("Replacement of the authority (Host) header.")
  public String authority;

  @JsonPropertyDescription(
      "Gateway API rewrite type: FullPath (default) or PrefixMatchHTTPPathModifier.")
  public String type;
}
