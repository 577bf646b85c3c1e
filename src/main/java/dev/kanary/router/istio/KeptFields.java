package dev.kanary.router.istio;

import dev.kanary.router.ServiceNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Carries the fields Kanary does not own from an Istio object in the cluster over to the spec
 * Kanary wants, so that a rewrite keeps them.
 *
 * <p>Kanary owns a VirtualService's {@code hosts}, {@code gateways}, {@code http} and {@code tcp}
 * lists, and within each route the fields {@link HttpRoute} and {@link TcpRoute} declare; it owns a
 * DestinationRule's {@code host} and {@code trafficPolicy}. Everything else is kept: other spec
 * fields ({@code tls}, {@code exportTo}, {@code subsets}, ...) and other route fields ({@code
 * fault}, ...). A route's extra fields are taken from the route in the cluster with the same name,
 * or for unnamed routes the one at the same position among the unnamed routes, and only when that
 * route was written by Kanary (it sends traffic to the primary or the canary): the routes of a
 * VirtualService Kanary takes over do not leak into its own.
 */
final class KeptFields {

  private KeptFields() {}

  /**
   * Copies the fields Kanary does not own from a VirtualService spec in the cluster.
   *
   * @param wanted the spec Kanary wants; changed in place
   * @param current the spec in the cluster
   * @param names the canary's Service names
   */
  static void carryOver(VirtualServiceSpec wanted, VirtualServiceSpec current, ServiceNames names) {
    wanted.unmodelled().putAll(current.unmodelled());
    carryOverRoutes(
        wanted.http,
        current.http,
        route -> route.name,
        route ->
            route.route != null
                && route.route.stream().anyMatch(d -> isGenerated(d.destination, names)));
    carryOverRoutes(
        wanted.tcp,
        current.tcp,
        route -> null,
        route ->
            route.route != null
                && route.route.stream().anyMatch(d -> isGenerated(d.destination, names)));
  }

  /**
   * Copies the fields Kanary does not own from a DestinationRule spec in the cluster.
   *
   * @param wanted the spec Kanary wants; changed in place
   * @param current the spec in the cluster
   */
  static void carryOver(DestinationRuleSpec wanted, DestinationRuleSpec current) {
    wanted.unmodelled().putAll(current.unmodelled());
  }

  private static <R extends UnmodelledFields> void carryOverRoutes(
      List<R> wanted, List<R> current, Function<R, String> name, Predicate<R> writtenByKanary) {
    if (wanted == null || current == null) {
      return;
    }
    Map<String, R> byKey = new HashMap<>();
    int unnamed = 0;
    for (R route : current) {
      String key = key(name.apply(route), unnamed);
      if (name.apply(route) == null) {
        unnamed++;
      }
      if (writtenByKanary.test(route)) {
        byKey.putIfAbsent(key, route);
      }
    }
    unnamed = 0;
    for (R route : wanted) {
      R existing = byKey.get(key(name.apply(route), unnamed));
      if (name.apply(route) == null) {
        unnamed++;
      }
      if (existing != null) {
        existing.unmodelled().forEach(route.unmodelled()::putIfAbsent);
      }
    }
  }

  private static String key(String name, int unnamedPosition) {
    return name != null ? "name:" + name : "position:" + unnamedPosition;
  }

  private static boolean isGenerated(Destination destination, ServiceNames names) {
    return destination != null
        && (names.primary().equals(destination.host) || names.canary().equals(destination.host));
  }
}
