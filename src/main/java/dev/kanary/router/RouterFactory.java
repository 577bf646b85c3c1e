package dev.kanary.router;

import java.util.Map;

/**
 * Chooses the router of a provider. A provider without a router is refused with a {@link
 * RoutingException}, never silently served by another.
 */
public class RouterFactory {

  private final Map<String, Router> routers;

  /**
   * Creates the factory.
   *
   * @param routers the router of each supported provider name
   */
  public RouterFactory(Map<String, Router> routers) {
    this.routers = Map.copyOf(routers);
  }

  /**
   * The router of a provider.
   *
   * @param provider the provider, for example {@code istio}
   * @return its router
   * @throws RoutingException when Kanary has no router for it yet
   */
  public Router forProvider(String provider) {
    Router router = routers.get(provider);
    if (router == null) {
      throw new RoutingException(
          "provider " + provider + " is not supported yet; supported: " + supported());
    }
    return router;
  }

  /**
   * The providers Kanary can route.
   *
   * @return their names, sorted
   */
  public java.util.SortedSet<String> providers() {
    return new java.util.TreeSet<>(routers.keySet());
  }

  private String supported() {
    return String.join(", ", providers());
  }
}
