package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kanary.api.v1beta1.spec.istio.Headers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code HTTPRouteDestination}: a destination with its weight and header operations. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRouteDestination {

  /** Where the requests go. */
  public Destination destination;

  /** Percentage of the route's requests sent to this destination. */
  public Integer weight;

  /** Header operations for requests to and responses from this destination. */
  public Headers headers;

  /** Creates an empty destination, for Jackson. */
  public HttpRouteDestination() {}

  /**
   * Creates a weighted destination.
   *
   * @param destination where the requests go
   * @param weight its percentage of the route's requests
   */
  public HttpRouteDestination(Destination destination, int weight) {
    this.destination = destination;
    this.weight = weight;
  }
}
