package dev.kanary.router.istio;

import dev.kanary.router.ServiceNames;
import java.util.List;
import java.util.Optional;

/**
 * The split applied in a VirtualService, read from the first route that sends traffic to the
 * canary, leaving out the sticky cookie routes (which always send everything to one side).
 *
 * @param primaryWeight the primary destination's weight (0 when absent)
 * @param canaryWeight the canary destination's weight (0 when absent)
 * @param mirrored whether the route mirrors requests
 * @param httpRoute the HTTP route the split was read from; null for TCP
 */
record AppliedSplit(int primaryWeight, int canaryWeight, boolean mirrored, HttpRoute httpRoute) {

  /**
   * Reads the split of a VirtualService.
   *
   * @param spec the VirtualService's spec
   * @param names the canary's Service names
   * @param tcp whether to read the TCP routes rather than the HTTP ones
   * @return the split, or empty when no route sends traffic to the canary
   */
  static Optional<AppliedSplit> of(VirtualServiceSpec spec, ServiceNames names, boolean tcp) {
    return tcp ? ofTcp(spec.tcp, names) : ofHttp(spec.http, names);
  }

  private static Optional<AppliedSplit> ofHttp(List<HttpRoute> routes, ServiceNames names) {
    if (routes == null) {
      return Optional.empty();
    }
    for (HttpRoute route : routes) {
      if (isSticky(route) || route.route == null) {
        continue;
      }
      if (route.route.stream().anyMatch(d -> isHost(d.destination, names.canary()))) {
        int primary = 0;
        int canary = 0;
        for (HttpRouteDestination destination : route.route) {
          if (isHost(destination.destination, names.primary())) {
            primary = weight(destination.weight);
          } else if (isHost(destination.destination, names.canary())) {
            canary = weight(destination.weight);
          }
        }
        boolean mirrored =
            route.mirror != null && route.mirror.host != null && !route.mirror.host.isEmpty();
        return Optional.of(new AppliedSplit(primary, canary, mirrored, route));
      }
    }
    return Optional.empty();
  }

  private static Optional<AppliedSplit> ofTcp(List<TcpRoute> routes, ServiceNames names) {
    if (routes == null) {
      return Optional.empty();
    }
    for (TcpRoute route : routes) {
      if (route.route == null
          || route.route.stream().noneMatch(d -> isHost(d.destination, names.canary()))) {
        continue;
      }
      int primary = 0;
      int canary = 0;
      for (RouteDestination destination : route.route) {
        if (isHost(destination.destination, names.primary())) {
          primary = weight(destination.weight);
        } else if (isHost(destination.destination, names.canary())) {
          canary = weight(destination.weight);
        }
      }
      return Optional.of(new AppliedSplit(primary, canary, false, null));
    }
    return Optional.empty();
  }

  /**
   * Tells whether a route is one of the sticky cookie routes Kanary (or Flagger) writes.
   *
   * @param route the route
   * @return true for the routes named {@value IstioSpecs#STICKY_ROUTE} or {@value
   *     IstioSpecs#PRIMARY_STICKY_ROUTE}
   */
  static boolean isSticky(HttpRoute route) {
    return IstioSpecs.STICKY_ROUTE.equals(route.name)
        || IstioSpecs.PRIMARY_STICKY_ROUTE.equals(route.name);
  }

  private static boolean isHost(Destination destination, String host) {
    return destination != null && host.equals(destination.host);
  }

  private static int weight(Integer weight) {
    return weight == null ? 0 : weight;
  }
}
