package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Load balancing policy of a DestinationRule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.simple) ? 1 : 0) + (has(self.consistentHash) ? 1 : 0) <= 1",
    message = "simple and consistentHash are mutually exclusive")
public class LoadBalancer {

  /** Istio's simple load balancing algorithms. */
  public enum Simple {
    ROUND_ROBIN,
    LEAST_CONN,
    RANDOM,
    PASSTHROUGH,
    LEAST_REQUEST
  }

  @SchemaFrom(type = Simple.class)
  @JsonPropertyDescription("Simple algorithm, for example ROUND_ROBIN or LEAST_REQUEST.")
  public String simple;

  @JsonPropertyDescription("Consistent hashing on a header, cookie, source IP or query parameter.")
  public ConsistentHash consistentHash;

  @JsonPropertyDescription("Locality-weighted load balancing.")
  public LocalityLbSetting localityLbSetting;

  @JsonPropertyDescription("Slow-start duration of new endpoints.")
  public String warmupDurationSecs;

  /** Consistent hashing settings: exactly one hash key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "(has(self.httpHeaderName) ? 1 : 0) + (has(self.httpCookie) ? 1 : 0)"
              + " + (has(self.useSourceIp) ? 1 : 0) + (has(self.httpQueryParameterName) ? 1 : 0)"
              + " == 1",
      message =
          "exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName"
              + " must be set")
  public static class ConsistentHash {

    @JsonPropertyDescription("Hash on this request header.")
    public String httpHeaderName;

    @JsonPropertyDescription("Hash on this cookie, created when absent.")
    public HttpCookie httpCookie;

    @JsonPropertyDescription("Hash on the source IP.")
    public Boolean useSourceIp;

    @JsonPropertyDescription("Hash on this query parameter.")
    public String httpQueryParameterName;

    @JsonPropertyDescription("Minimum number of virtual nodes of the hash ring.")
    public Integer minimumRingSize;
  }

  /** The cookie a consistent hash uses. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpCookie {

    @JsonPropertyDescription("Name of the cookie.")
    public String name;

    @JsonPropertyDescription("Path of the cookie.")
    public String path;

    @JsonPropertyDescription("Lifetime of the cookie.")
    public String ttl;
  }

  /** Locality-weighted load balancing settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LocalityLbSetting {

    @JsonPropertyDescription("Traffic distribution across localities.")
    public List<Distribute> distribute;

    @JsonPropertyDescription("Failover order of regions.")
    public List<Failover> failover;

    @JsonPropertyDescription("Enable locality load balancing.")
    public Boolean enabled;
  }

  /** Share of a locality's traffic sent to other localities. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Distribute {

    @JsonPropertyDescription("Originating locality.")
    public String from;

    @JsonPropertyDescription("Destination localities and their weights.")
    public Map<String, Integer> to;
  }

  /** The region traffic fails over to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Failover {

    @JsonPropertyDescription("Originating region.")
    public String from;

    @JsonPropertyDescription("Region traffic fails over to.")
    public String to;
  }
}
