package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** An Istio {@code TCPRoute}: the fields Kanary writes; others are kept as unmodelled. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TcpRoute extends UnmodelledFields {

  /** Conditions of which at least one must hold; absent means every connection. */
  public List<L4MatchAttributes> match;

  /** Weighted destinations. */
  public List<RouteDestination> route;
}
