package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code Destination}: a service host, optionally one of its subsets and ports. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Destination {

  /** Name of the service, for example {@code podinfo-canary}. */
  public String host;

  /** Subset of the service declared in a DestinationRule. */
  public String subset;

  /** Port of the service; needed when the service exposes more than one. */
  public PortSelector port;

  /** Creates an empty destination, for Jackson. */
  public Destination() {}

  /**
   * Creates a destination.
   *
   * @param host the service's name
   * @param port the port, or null
   */
  public Destination(String host, PortSelector port) {
    this.host = host;
    this.port = port;
  }
}
