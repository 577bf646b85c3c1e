package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code PortSelector}: the number of a service port. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PortSelector {

  /** The port number. */
  public Integer number;

  /** Creates an empty selector, for Jackson. */
  public PortSelector() {}

  /**
   * Creates a selector.
   *
   * @param number the port number
   */
  public PortSelector(int number) {
    this.number = number;
  }
}
