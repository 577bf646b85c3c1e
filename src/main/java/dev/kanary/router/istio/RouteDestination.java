package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code RouteDestination}: a weighted destination of a TCP route. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteDestination {

  /** Where the connections go. */
  public Destination destination;

  /** Percentage of the route's connections sent to this destination. */
  public Integer weight;

  /** Creates an empty destination, for Jackson. */
  public RouteDestination() {}

  /**
   * Creates a weighted destination.
   *
   * @param destination where the connections go
   * @param weight its percentage of the route's connections
   */
  public RouteDestination(Destination destination, int weight) {
    this.destination = destination;
    this.weight = weight;
  }
}
