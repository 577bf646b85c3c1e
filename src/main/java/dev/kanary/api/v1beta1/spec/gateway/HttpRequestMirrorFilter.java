package dev.kanary.api.v1beta1.spec.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A Gateway API request mirror: where to copy requests and what share of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRequestMirrorFilter {

  @Required
  @JsonPropertyDescription("Backend that receives the mirrored requests.")
  public BackendReference backendRef;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Percentage of requests mirrored.")
  public Integer percent;

  @JsonPropertyDescription("Share of requests mirrored, as a fraction.")
  public Fraction fraction;

  /** A fraction of requests: numerator over denominator (default 100). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Fraction {

    @Required
    @Min(0)
    @JsonPropertyDescription("Numerator of the fraction.")
    public Integer numerator;

    @Min(1)
    @JsonPropertyDescription("Denominator of the fraction. Default 100.")
    public Integer denominator;
  }
}
