package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Header operations applied to requests and responses on a route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Headers {

  @JsonPropertyDescription("Operations on request headers.")
  public HeaderOperations request;

  @JsonPropertyDescription("Operations on response headers.")
  public HeaderOperations response;
}
