package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/** Connection pool limits of a DestinationRule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionPool {

  @JsonPropertyDescription("HTTP connection pool limits.")
  public Http http;

  /** HTTP connection pool limits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Http {

    /** Whether HTTP/1.1 connections are upgraded to HTTP/2. */
    public enum H2UpgradePolicy {
      DEFAULT,
      DO_NOT_UPGRADE,
      UPGRADE
    }

    @JsonPropertyDescription("Maximum pending HTTP requests.")
    public Integer http1MaxPendingRequests;

    @JsonPropertyDescription("Maximum active requests.")
    public Integer http2MaxRequests;

    @JsonPropertyDescription("Maximum requests per connection.")
    public Integer maxRequestsPerConnection;

    @JsonPropertyDescription("Maximum outstanding retries.")
    public Integer maxRetries;

    @JsonPropertyDescription("Idle timeout of a connection.")
    public String idleTimeout;

    @SchemaFrom(type = H2UpgradePolicy.class)
    @JsonPropertyDescription("HTTP/2 upgrade policy: DEFAULT, DO_NOT_UPGRADE or UPGRADE.")
    public String h2UpgradePolicy;
  }
}
