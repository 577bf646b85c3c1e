package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The part of an Istio {@code L4MatchAttributes} Kanary writes: the port connected to. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class L4MatchAttributes {

  /** The port on the host being addressed. */
  public Integer port;

  /** Creates an empty match, for Jackson. */
  public L4MatchAttributes() {}

  /**
   * Creates a port match.
   *
   * @param port the port
   */
  public L4MatchAttributes(int port) {
    this.port = port;
  }
}
