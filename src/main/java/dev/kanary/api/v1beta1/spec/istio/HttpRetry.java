package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The retry policy of a route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRetry {

  @JsonPropertyDescription("Number of retries of a request.")
  public Integer attempts;

  @JsonPropertyDescription("Timeout of each attempt, for example 2s.")
  public String perTryTimeout;

  @JsonPropertyDescription(
      "Conditions that trigger a retry, for example gateway-error,connect-failure.")
  public String retryOn;
}
