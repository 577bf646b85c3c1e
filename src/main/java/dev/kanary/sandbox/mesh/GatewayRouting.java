package dev.kanary.sandbox.mesh;

import dev.kanary.router.gatewayapi.HttpRouteSpec;
import dev.kanary.router.gatewayapi.HttpRouteSpec.BackendRef;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Match;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Rule;
import dev.kanary.router.gatewayapi.HttpRouteSpec.ValueMatch;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Routes a request the way a Gateway API implementation applies an HTTPRoute: of the rules with a
 * matching match, the most specific wins (exact path, then longer path, then more header matches,
 * then the earlier rule), and a backend is drawn by weight (1 when unset).
 */
final class GatewayRouting {

  private GatewayRouting() {}

  /**
   * Routes one request.
   *
   * @param spec the HTTPRoute's spec
   * @param namespace the HTTPRoute's namespace
   * @param request the request
   * @return the backend, or empty when no rule matches or every weight is zero
   */
  static Optional<Hop> route(HttpRouteSpec spec, String namespace, VirtualRequest request) {
    if (spec.rules == null) {
      return Optional.empty();
    }
    Rule best = null;
    int[] bestRank = null;
    for (Rule rule : spec.rules) {
      List<Match> matches =
          rule.matches == null || rule.matches.isEmpty() ? List.of(new Match()) : rule.matches;
      for (Match match : matches) {
        if (matches(match, request)) {
          int[] rank = rank(match);
          if (best == null || RANKS.compare(rank, bestRank) > 0) {
            best = rule;
            bestRank = rank;
          }
        }
      }
    }
    if (best == null || best.backendRefs == null || best.backendRefs.isEmpty()) {
      return Optional.empty();
    }
    BackendRef chosen =
        Matching.weighted(best.backendRefs, ref -> ref.weight == null ? 1 : ref.weight);
    return Optional.ofNullable(chosen)
        .map(ref -> new Hop(ref.name, ref.namespace == null ? namespace : ref.namespace));
  }

  private static final Comparator<int[]> RANKS =
      Comparator.<int[]>comparingInt(r -> r[0])
          .thenComparingInt(r -> r[1])
          .thenComparingInt(r -> r[2]);

  private static int[] rank(Match match) {
    boolean exact = match.path != null && "Exact".equals(match.path.type);
    int length = match.path == null || match.path.value == null ? 1 : match.path.value.length();
    int headers = match.headers == null ? 0 : match.headers.size();
    return new int[] {exact ? 1 : 0, length, headers};
  }

  private static boolean matches(Match match, VirtualRequest request) {
    if (match.method != null && !match.method.equals(request.method())) {
      return false;
    }
    if (match.path != null && !pathMatches(match.path, request.path())) {
      return false;
    }
    return match.headers == null
        || match.headers.stream().allMatch(h -> valueMatches(h, request.header(h.name)));
  }

  private static boolean pathMatches(HttpRouteSpec.PathMatch path, String value) {
    String expected = path.value == null ? "/" : path.value;
    String type = path.type == null ? "PathPrefix" : path.type;
    return switch (type) {
      case "Exact" -> expected.equals(value);
      case "RegularExpression" -> Matching.fullMatch(expected, value);
      default ->
          expected.equals("/")
              || value.equals(expected)
              || value.startsWith(expected.endsWith("/") ? expected : expected + "/");
    };
  }

  private static boolean valueMatches(ValueMatch match, String value) {
    if (value == null) {
      return false;
    }
    return "RegularExpression".equals(match.type)
        ? Matching.fullMatch(match.value, value)
        : value.equals(match.value);
  }
}
