package dev.kanary.router.gatewayapi;

import dev.kanary.router.ServiceNames;
import dev.kanary.router.gatewayapi.HttpRouteSpec.BackendRef;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Filter;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Rule;
import java.util.List;
import java.util.Optional;

/**
 * The split applied in an HTTPRoute, read from the last rule that sends traffic to both primary and
 * canary: the sticky cookie rules Kanary writes come before the weighted rule, and the A/B rule
 * before the rule that sends everything else to the primary.
 *
 * @param primaryWeight the primary backend's weight (0 when absent)
 * @param canaryWeight the canary backend's weight (0 when absent)
 * @param mirrored whether the rule mirrors requests to the canary
 */
record AppliedSplit(int primaryWeight, int canaryWeight, boolean mirrored) {

  /** The {@code RequestMirror} filter type. */
  static final String REQUEST_MIRROR = "RequestMirror";

  /**
   * Reads the split of an HTTPRoute.
   *
   * @param spec the HTTPRoute's spec
   * @param names the canary's Service names
   * @return the split, or empty when no rule has both a primary and a canary backend
   */
  static Optional<AppliedSplit> of(HttpRouteSpec spec, ServiceNames names) {
    if (spec.rules == null) {
      return Optional.empty();
    }
    for (int i = spec.rules.size() - 1; i >= 0; i--) {
      Rule rule = spec.rules.get(i);
      Optional<BackendRef> primary = backend(rule, names.primary());
      Optional<BackendRef> canary = backend(rule, names.canary());
      if (primary.isPresent() && canary.isPresent()) {
        boolean mirrored =
            rule.filters != null
                && rule.filters.stream().anyMatch(filter -> mirrorsTo(filter, names.canary()));
        return Optional.of(new AppliedSplit(weight(primary.get()), weight(canary.get()), mirrored));
      }
    }
    return Optional.empty();
  }

  private static Optional<BackendRef> backend(Rule rule, String name) {
    List<BackendRef> backends = rule.backendRefs == null ? List.of() : rule.backendRefs;
    return backends.stream().filter(backend -> name.equals(backend.name)).findFirst();
  }

  private static boolean mirrorsTo(Filter filter, String name) {
    return REQUEST_MIRROR.equals(filter.type)
        && filter.requestMirror != null
        && filter.requestMirror.backendRef != null
        && name.equals(filter.requestMirror.backendRef.name);
  }

  private static int weight(BackendRef backend) {
    return backend.weight == null ? 1 : backend.weight;
  }
}
