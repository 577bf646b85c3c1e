package dev.kanary.sandbox.mesh;

import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import dev.kanary.router.istio.HttpRoute;
import dev.kanary.router.istio.HttpRouteDestination;
import dev.kanary.router.istio.VirtualServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routes a request the way Istio's sidecars and gateways apply a VirtualService: the first HTTP
 * route whose match list matches (any match; every condition of a match), then a destination drawn
 * by weight, and a mirrored copy for the configured share of requests.
 */
final class IstioRouting {

  private IstioRouting() {}

  /**
   * Routes one request.
   *
   * @param spec the VirtualService's spec
   * @param namespace the VirtualService's namespace
   * @param request the request
   * @return the destinations: the primary hop first, then a mirror if one applies; empty when no
   *     route matches
   */
  static List<Hop> route(VirtualServiceSpec spec, String namespace, VirtualRequest request) {
    if (spec.http == null) {
      return List.of();
    }
    for (HttpRoute route : spec.http) {
      if (!matches(route.match, request) || route.route == null || route.route.isEmpty()) {
        continue;
      }
      HttpRouteDestination chosen =
          route.route.size() == 1
              ? route.route.get(0)
              : Matching.weighted(route.route, d -> d.weight == null ? 0 : d.weight);
      if (chosen == null || chosen.destination == null) {
        return List.of();
      }
      Hop hop = new Hop(chosen.destination.host, namespace);
      if (route.mirror != null && mirrored(route)) {
        return List.of(hop, new Hop(route.mirror.host, namespace));
      }
      return List.of(hop);
    }
    return List.of();
  }

  private static boolean mirrored(HttpRoute route) {
    double percent = route.mirrorPercentage == null ? 100 : route.mirrorPercentage.value;
    return ThreadLocalRandom.current().nextDouble(100) < percent;
  }

  private static boolean matches(List<HttpMatchRequest> matches, VirtualRequest request) {
    if (matches == null || matches.isEmpty()) {
      return true;
    }
    return matches.stream().anyMatch(match -> matches(match, request));
  }

  private static boolean matches(HttpMatchRequest match, VirtualRequest request) {
    return Matching.matches(match.uri, request.path())
        && Matching.matches(match.method, request.method())
        && Matching.matches(match.authority, request.host())
        && headersMatch(match.headers, request)
        && headersAbsent(match.withoutHeaders, request);
  }

  private static boolean headersMatch(Map<String, StringMatch> headers, VirtualRequest request) {
    return headers == null
        || headers.entrySet().stream()
            .allMatch(h -> Matching.matches(h.getValue(), request.header(h.getKey())));
  }

  private static boolean headersAbsent(Map<String, StringMatch> headers, VirtualRequest request) {
    return headers == null
        || headers.entrySet().stream()
            .noneMatch(
                h -> {
                  String value = request.header(h.getKey());
                  return value != null && Matching.matches(h.getValue(), value);
                });
  }
}
