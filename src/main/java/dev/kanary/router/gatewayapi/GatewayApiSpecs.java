package dev.kanary.router.gatewayapi;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import dev.kanary.api.v1beta1.spec.gateway.BackendReference;
import dev.kanary.api.v1beta1.spec.gateway.HttpRequestMirrorFilter;
import dev.kanary.api.v1beta1.spec.istio.HeaderOperations;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.router.ServiceNames;
import dev.kanary.router.gatewayapi.HttpRouteSpec.BackendRef;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Filter;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Header;
import dev.kanary.router.gatewayapi.HttpRouteSpec.HeaderModifier;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Match;
import dev.kanary.router.gatewayapi.HttpRouteSpec.PathModifier;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Rule;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Timeouts;
import dev.kanary.router.gatewayapi.HttpRouteSpec.UrlRewrite;
import dev.kanary.router.support.SessionCookies;
import dev.kanary.router.support.SpecJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the HTTPRoute spec Kanary wants for a canary at a given split, from the canary's spec and
 * the session cookies in its status. Pure: no cluster access.
 *
 * <p>Rules, first rule first (every rule carries the service's filters and timeouts):
 *
 * <ul>
 *   <li>weighted canary: the service's matches to primary and canary;
 *   <li>A/B test ({@code analysis.match}): the A/B conditions combined with the service's matches
 *       to primary and canary at the split, then the service's matches to the primary alone;
 *   <li>session affinity, canary weight above 0: a rule sending requests with the canary cookie to
 *       the canary, one sending requests with the primary cookie to the primary (when a primary
 *       cookie is configured), then the weighted rule whose backends hand the cookies out with a
 *       {@code ResponseHeaderModifier};
 *   <li>session affinity, canary weight 0: a rule expiring the last run's canary cookie, then the
 *       weighted rule.
 * </ul>
 *
 * <p>Mirroring adds a {@code RequestMirror} filter to {@code <apex>-canary} (with {@code
 * analysis.mirrorWeight} as percent when above 0) to the rule that holds the split.
 */
final class GatewayApiSpecs {

  private static final String SERVICE_KIND = "Service";
  private static final String REQUEST_HEADER_MODIFIER = "RequestHeaderModifier";
  private static final String RESPONSE_HEADER_MODIFIER = "ResponseHeaderModifier";
  private static final String URL_REWRITE = "URLRewrite";
  private static final String FULL_PATH = "FullPath";

  private GatewayApiSpecs() {}

  /**
   * The HTTPRoute spec for a canary at a split.
   *
   * @param canary the canary, with the session cookies in its status
   * @param primaryWeight the primary's weight
   * @param canaryWeight the canary's weight
   * @param mirrored whether requests are mirrored to the canary
   * @return the spec
   */
  static HttpRouteSpec httpRoute(
      Canary canary, int primaryWeight, int canaryWeight, boolean mirrored) {
    CanaryService service = canary.getSpec().service;
    ServiceNames names = ServiceNames.of(canary);
    CanaryAnalysis analysis = analysis(canary);
    HttpRouteSpec spec = new HttpRouteSpec();
    spec.parentRefs =
        service.gatewayRefs == null || service.gatewayRefs.isEmpty()
            ? null
            : service.gatewayRefs.stream().map(SpecJson::copy).toList();
    spec.hostnames =
        service.hosts == null || service.hosts.isEmpty() ? null : List.copyOf(service.hosts);
    List<Match> serviceMatches = RouteMatches.ofService(service.match);

    Rule weighted = baseRule(service, serviceMatches, names, primaryWeight, canaryWeight);
    if (mirrored) {
      weighted.filters = append(weighted.filters, mirror(names.canary(), service.port, analysis));
    }
    if (isAbTest(analysis)) {
      weighted.matches =
          RouteMatches.combine(RouteMatches.fromAnalysis(analysis.match), serviceMatches);
      Rule rest = baseRule(service, serviceMatches, names, 100, 0);
      rest.backendRefs = List.of(rest.backendRefs.get(0));
      spec.rules = List.of(weighted, rest);
    } else if (analysis != null && analysis.sessionAffinity != null) {
      spec.rules =
          withSessionAffinity(
              canary, analysis, service, serviceMatches, names, weighted, canaryWeight);
    } else {
      spec.rules = List.of(weighted);
    }
    return spec;
  }

  /**
   * The analysis of a canary: {@code spec.analysis}, else the deprecated {@code
   * spec.canaryAnalysis}.
   *
   * @param canary the canary
   * @return the analysis, or null when the canary has none
   */
  static CanaryAnalysis analysis(Canary canary) {
    return canary.getSpec().analysis != null
        ? canary.getSpec().analysis
        : canary.getSpec().canaryAnalysis;
  }

  /**
   * Tells whether an analysis runs an A/B test, routing by request conditions.
   *
   * @param analysis the analysis, or null
   * @return true when {@code analysis.match} has entries
   */
  static boolean isAbTest(CanaryAnalysis analysis) {
    return analysis != null && analysis.match != null && !analysis.match.isEmpty();
  }

  private static List<Rule> withSessionAffinity(
      Canary canary,
      CanaryAnalysis analysis,
      CanaryService service,
      List<Match> serviceMatches,
      ServiceNames names,
      Rule weighted,
      int canaryWeight) {
    SessionAffinity affinity = analysis.sessionAffinity;
    CanaryStatus status = canary.getStatus() != null ? canary.getStatus() : new CanaryStatus();
    List<Rule> rules = new ArrayList<>();
    if (canaryWeight > 0 && !SessionCookies.isBlank(status.sessionAffinityCookie)) {
      rules.add(stickyRule(status.sessionAffinityCookie, service, serviceMatches, names, 0, 100));
      setCookie(
          weighted.backendRefs.get(1),
          SessionCookies.canaryCookie(status.sessionAffinityCookie, affinity));
      if (!SessionCookies.isBlank(status.primarySessionAffinityCookie)) {
        rules.add(
            stickyRule(
                status.primarySessionAffinityCookie, service, serviceMatches, names, 100, 0));
        setCookie(
            weighted.backendRefs.get(0),
            SessionCookies.primaryCookie(status.primarySessionAffinityCookie, affinity, analysis));
      }
    } else if (canaryWeight == 0) {
      String expiring =
          SessionCookies.isBlank(status.sessionAffinityCookie)
              ? status.previousSessionAffinityCookie
              : status.sessionAffinityCookie;
      if (!SessionCookies.isBlank(expiring)) {
        Rule expiry = stickyRule(expiring, service, serviceMatches, names, 100, 0);
        expiry.filters = append(expiry.filters, setCookieFilter(SessionCookies.expired(expiring)));
        rules.add(expiry);
      }
    }
    rules.add(weighted);
    return rules;
  }

  private static Rule stickyRule(
      String cookie,
      CanaryService service,
      List<Match> serviceMatches,
      ServiceNames names,
      int primaryWeight,
      int canaryWeight) {
    Rule sticky = baseRule(service, serviceMatches, names, primaryWeight, canaryWeight);
    sticky.matches = RouteMatches.combine(List.of(RouteMatches.cookie(cookie)), serviceMatches);
    return sticky;
  }

  private static void setCookie(BackendRef backend, String value) {
    backend.filters = append(backend.filters, setCookieFilter(value));
  }

  private static Filter setCookieFilter(String value) {
    Filter filter = new Filter();
    filter.type = RESPONSE_HEADER_MODIFIER;
    filter.responseHeaderModifier = new HeaderModifier();
    filter.responseHeaderModifier.add =
        List.of(new Header(SessionCookies.SET_COOKIE_HEADER, value));
    return filter;
  }

  /** A fresh rule with the service's matches, filters and timeouts, to primary and canary. */
  private static Rule baseRule(
      CanaryService service,
      List<Match> serviceMatches,
      ServiceNames names,
      int primaryWeight,
      int canaryWeight) {
    Rule rule = new Rule();
    rule.matches = serviceMatches.stream().map(SpecJson::copy).toList();
    rule.filters = filters(service);
    rule.backendRefs =
        List.of(
            backend(names.primary(), service.port, primaryWeight),
            backend(names.canary(), service.port, canaryWeight));
    if (service.timeout != null || service.backendTimeout != null) {
      rule.timeouts = new Timeouts();
      rule.timeouts.request = service.timeout;
      rule.timeouts.backendRequest = service.backendTimeout;
    }
    return rule;
  }

  /** The header modifiers, URL rewrite and mirrors of {@code spec.service}, or null for none. */
  private static List<Filter> filters(CanaryService service) {
    List<Filter> filters = new ArrayList<>();
    if (service.headers != null && service.headers.request != null) {
      Filter filter = new Filter();
      filter.type = REQUEST_HEADER_MODIFIER;
      filter.requestHeaderModifier = headerModifier(service.headers.request);
      filters.add(filter);
    }
    if (service.headers != null && service.headers.response != null) {
      Filter filter = new Filter();
      filter.type = RESPONSE_HEADER_MODIFIER;
      filter.responseHeaderModifier = headerModifier(service.headers.response);
      filters.add(filter);
    }
    if (service.rewrite != null
        && (service.rewrite.uri != null || service.rewrite.authority != null)) {
      Filter filter = new Filter();
      filter.type = URL_REWRITE;
      filter.urlRewrite = new UrlRewrite();
      filter.urlRewrite.hostname = service.rewrite.authority;
      if (service.rewrite.uri != null) {
        PathModifier path = new PathModifier();
        if (service.rewrite.type == null || FULL_PATH.equals(service.rewrite.type)) {
          path.type = "ReplaceFullPath";
          path.replaceFullPath = service.rewrite.uri;
        } else {
          path.type = "ReplacePrefixMatch";
          path.replacePrefixMatch = service.rewrite.uri;
        }
        filter.urlRewrite.path = path;
      }
      filters.add(filter);
    }
    if (service.mirror != null) {
      for (HttpRequestMirrorFilter mirror : service.mirror) {
        Filter filter = new Filter();
        filter.type = AppliedSplit.REQUEST_MIRROR;
        filter.requestMirror = SpecJson.copy(mirror);
        filters.add(filter);
      }
    }
    return filters.isEmpty() ? null : filters;
  }

  private static HeaderModifier headerModifier(HeaderOperations operations) {
    HeaderModifier modifier = new HeaderModifier();
    modifier.set = headers(operations.set);
    modifier.add = headers(operations.add);
    modifier.remove =
        operations.remove == null || operations.remove.isEmpty()
            ? null
            : List.copyOf(operations.remove);
    return modifier;
  }

  private static List<Header> headers(Map<String, String> headers) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    List<Header> list = new ArrayList<>();
    headers.forEach((name, value) -> list.add(new Header(name, value)));
    return list;
  }

  private static Filter mirror(String canaryService, Integer port, CanaryAnalysis analysis) {
    Filter filter = new Filter();
    filter.type = AppliedSplit.REQUEST_MIRROR;
    filter.requestMirror = new HttpRequestMirrorFilter();
    filter.requestMirror.backendRef = new BackendReference();
    filter.requestMirror.backendRef.name = canaryService;
    filter.requestMirror.backendRef.port = port;
    if (analysis != null && analysis.mirrorWeight != null && analysis.mirrorWeight > 0) {
      filter.requestMirror.percent = analysis.mirrorWeight;
    }
    return filter;
  }

  private static BackendRef backend(String name, Integer port, int weight) {
    BackendRef backend = new BackendRef();
    backend.group = "";
    backend.kind = SERVICE_KIND;
    backend.name = name;
    backend.port = port;
    backend.weight = weight;
    return backend;
  }

  private static List<Filter> append(List<Filter> filters, Filter filter) {
    List<Filter> all = filters == null ? new ArrayList<>() : new ArrayList<>(filters);
    all.add(filter);
    return all;
  }
}
