package dev.kanary.router.istio;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import dev.kanary.api.v1beta1.spec.istio.HeaderOperations;
import dev.kanary.api.v1beta1.spec.istio.Headers;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.router.ServiceNames;
import dev.kanary.router.support.SessionCookies;
import dev.kanary.router.support.SpecJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the VirtualService and DestinationRule specs Kanary wants for a canary at a given split,
 * from the canary's spec and the session cookies in its status. Pure: no cluster access.
 *
 * <p>HTTP layouts, first route first:
 *
 * <ul>
 *   <li>weighted canary: one route with {@code service.match} to primary and canary;
 *   <li>A/B test ({@code analysis.match}): the A/B conditions combined with {@code service.match}
 *       to primary and canary at the split, then {@code service.match} to the primary alone;
 *   <li>session affinity, canary weight above 0: the route {@value #STICKY_ROUTE} sending requests
 *       with the canary cookie to the canary, the route {@value #PRIMARY_STICKY_ROUTE} sending
 *       requests with the primary cookie to the primary (when a primary cookie is configured), then
 *       the weighted route whose destinations hand the cookies out;
 *   <li>session affinity, canary weight 0: the route {@value #STICKY_ROUTE} expiring the last run's
 *       canary cookie, then the weighted route.
 * </ul>
 *
 * <p>Mirroring sets {@code mirror} (and {@code mirrorPercentage} when {@code mirrorWeight} is above
 * 0) on the route that holds the split. With {@code appProtocol: tcp} there is one TCP route
 * instead.
 */
final class IstioSpecs {

  /** Name of the route that keeps users with the canary cookie on the canary. */
  static final String STICKY_ROUTE = "sticky-route";

  /** Name of the route that keeps users with the primary cookie on the primary. */
  static final String PRIMARY_STICKY_ROUTE = "sticky-route-primary";

  private static final String MESH = "mesh";

  private IstioSpecs() {}

  /**
   * The DestinationRule spec for one of the generated Services.
   *
   * @param host the Service's name, also the rule's name
   * @param service {@code spec.service}
   * @return the spec: the host and {@code service.trafficPolicy}
   */
  static DestinationRuleSpec destinationRule(String host, CanaryService service) {
    DestinationRuleSpec spec = new DestinationRuleSpec();
    spec.host = host;
    spec.trafficPolicy = SpecJson.copy(service.trafficPolicy);
    return spec;
  }

  /**
   * The VirtualService spec for a canary at a split.
   *
   * @param canary the canary, with the session cookies in its status
   * @param primaryWeight the primary's weight
   * @param canaryWeight the canary's weight
   * @param mirrored whether requests are mirrored to the canary (ignored for TCP)
   * @return the spec
   */
  static VirtualServiceSpec virtualService(
      Canary canary, int primaryWeight, int canaryWeight, boolean mirrored) {
    CanaryService service = canary.getSpec().service;
    ServiceNames names = ServiceNames.of(canary);
    VirtualServiceSpec spec = new VirtualServiceSpec();
    if (!Boolean.TRUE.equals(service.delegation)) {
      spec.hosts = hosts(service, names.apex());
      spec.gateways = gateways(service);
    }
    Destinations destinations = new Destinations(names, destinationPort(service));
    if (isTcp(service)) {
      spec.tcp = List.of(tcpRoute(service, destinations, primaryWeight, canaryWeight));
    } else {
      spec.http = httpRoutes(canary, service, destinations, primaryWeight, canaryWeight, mirrored);
    }
    return spec;
  }

  /**
   * Tells whether a canary's Service carries opaque TCP, routed with TCP routes.
   *
   * @param service {@code spec.service}
   * @return true when {@code appProtocol} is {@code tcp}, in any case
   */
  static boolean isTcp(CanaryService service) {
    return "tcp".equalsIgnoreCase(service.appProtocol);
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
   * Tells whether a canary runs an A/B test, routing by request conditions.
   *
   * @param canary the canary
   * @return true when {@code analysis.match} has entries
   */
  static boolean isAbTest(Canary canary) {
    CanaryAnalysis analysis = analysis(canary);
    return analysis != null && analysis.match != null && !analysis.match.isEmpty();
  }

  private static List<String> hosts(CanaryService service, String apex) {
    List<String> hosts = service.hosts == null ? new ArrayList<>() : new ArrayList<>(service.hosts);
    if (!hosts.contains(apex) && !hosts.contains("*")) {
      hosts.add(apex);
    }
    return hosts;
  }

  private static List<String> gateways(CanaryService service) {
    return service.gateways == null || service.gateways.isEmpty()
        ? List.of(MESH)
        : List.copyOf(service.gateways);
  }

  /** The port is named only for gateways and delegates when other container ports are exposed. */
  private static PortSelector destinationPort(CanaryService service) {
    boolean throughGateway =
        service.gateways != null
            && !service.gateways.isEmpty()
            && !MESH.equals(service.gateways.get(0));
    boolean named =
        Boolean.TRUE.equals(service.portDiscovery)
            && (throughGateway || Boolean.TRUE.equals(service.delegation));
    return named ? new PortSelector(service.port) : null;
  }

  private static TcpRoute tcpRoute(
      CanaryService service, Destinations destinations, int primaryWeight, int canaryWeight) {
    TcpRoute route = new TcpRoute();
    if (service.match != null) {
      List<L4MatchAttributes> ports =
          service.match.stream()
              .filter(match -> match.port != null)
              .map(match -> new L4MatchAttributes(match.port))
              .toList();
      route.match = ports.isEmpty() ? null : ports;
    }
    route.route =
        List.of(
            new RouteDestination(destinations.primary(), primaryWeight),
            new RouteDestination(destinations.canary(), canaryWeight));
    return route;
  }

  private static List<HttpRoute> httpRoutes(
      Canary canary,
      CanaryService service,
      Destinations destinations,
      int primaryWeight,
      int canaryWeight,
      boolean mirrored) {
    CanaryAnalysis analysis = analysis(canary);
    HttpRoute weighted = baseRoute(service);
    weighted.route =
        List.of(
            new HttpRouteDestination(destinations.primary(), primaryWeight),
            new HttpRouteDestination(destinations.canary(), canaryWeight));
    if (mirrored) {
      weighted.mirror = destinations.canary();
      if (analysis != null && analysis.mirrorWeight != null && analysis.mirrorWeight > 0) {
        weighted.mirrorPercentage = new Percent(analysis.mirrorWeight);
      }
    }
    if (isAbTest(canary)) {
      weighted.match =
          MatchConditions.combine(MatchConditions.fromAnalysis(analysis.match), service.match);
      HttpRoute rest = baseRoute(service);
      rest.route = List.of(new HttpRouteDestination(destinations.primary(), 100));
      return List.of(weighted, rest);
    }
    if (analysis != null && analysis.sessionAffinity != null) {
      return withSessionAffinity(canary, analysis, service, destinations, weighted, canaryWeight);
    }
    return List.of(weighted);
  }

  private static List<HttpRoute> withSessionAffinity(
      Canary canary,
      CanaryAnalysis analysis,
      CanaryService service,
      Destinations destinations,
      HttpRoute weighted,
      int canaryWeight) {
    SessionAffinity affinity = analysis.sessionAffinity;
    CanaryStatus status = canary.getStatus() != null ? canary.getStatus() : new CanaryStatus();
    List<HttpRoute> routes = new ArrayList<>();
    if (canaryWeight > 0 && !SessionCookies.isBlank(status.sessionAffinityCookie)) {
      routes.add(
          stickyRoute(
              STICKY_ROUTE, status.sessionAffinityCookie, service, destinations.all(0, 100)));
      setCookie(
          weighted.route.get(1),
          SessionCookies.canaryCookie(status.sessionAffinityCookie, affinity));
      if (!SessionCookies.isBlank(status.primarySessionAffinityCookie)) {
        routes.add(
            stickyRoute(
                PRIMARY_STICKY_ROUTE,
                status.primarySessionAffinityCookie,
                service,
                destinations.all(100, 0)));
        setCookie(
            weighted.route.get(0),
            SessionCookies.primaryCookie(status.primarySessionAffinityCookie, affinity, analysis));
      }
    } else if (canaryWeight == 0) {
      String expiring =
          SessionCookies.isBlank(status.sessionAffinityCookie)
              ? status.previousSessionAffinityCookie
              : status.sessionAffinityCookie;
      if (!SessionCookies.isBlank(expiring)) {
        HttpRoute expiry = stickyRoute(STICKY_ROUTE, expiring, service, destinations.all(100, 0));
        expiry.headers = addResponseHeader(expiry.headers, SessionCookies.expired(expiring));
        routes.add(expiry);
      }
    }
    routes.add(weighted);
    return routes;
  }

  private static HttpRoute stickyRoute(
      String name, String cookie, CanaryService service, List<HttpRouteDestination> route) {
    HttpRoute sticky = baseRoute(service);
    sticky.name = name;
    sticky.match = MatchConditions.combine(List.of(MatchConditions.cookie(cookie)), service.match);
    sticky.route = route;
    return sticky;
  }

  private static void setCookie(HttpRouteDestination destination, String value) {
    destination.headers = addResponseHeader(destination.headers, value);
  }

  private static Headers addResponseHeader(Headers headers, String setCookie) {
    Headers result = headers != null ? headers : new Headers();
    if (result.response == null) {
      result.response = new HeaderOperations();
    }
    Map<String, String> add =
        result.response.add != null
            ? new LinkedHashMap<>(result.response.add)
            : new LinkedHashMap<>();
    add.put(SessionCookies.SET_COOKIE_HEADER, setCookie);
    result.response.add = add;
    return result;
  }

  /** A fresh route with the service's match, rewrite, timeout, retries, CORS and headers. */
  private static HttpRoute baseRoute(CanaryService service) {
    HttpRoute route = new HttpRoute();
    route.match =
        service.match == null || service.match.isEmpty()
            ? null
            : service.match.stream().map(SpecJson::copy).toList();
    if (service.rewrite != null
        && (service.rewrite.uri != null || service.rewrite.authority != null)) {
      route.rewrite = new IstioRewrite();
      route.rewrite.uri = service.rewrite.uri;
      route.rewrite.authority = service.rewrite.authority;
    }
    route.timeout = service.timeout;
    route.retries = SpecJson.copy(service.retries);
    route.corsPolicy = SpecJson.copy(service.corsPolicy);
    route.headers = SpecJson.copy(service.headers);
    return route;
  }

  /** The primary and canary destinations of a canary, with the port when one is named. */
  private record Destinations(ServiceNames names, PortSelector port) {

    Destination primary() {
      return new Destination(names.primary(), port == null ? null : new PortSelector(port.number));
    }

    Destination canary() {
      return new Destination(names.canary(), port == null ? null : new PortSelector(port.number));
    }

    List<HttpRouteDestination> all(int primaryWeight, int canaryWeight) {
      return List.of(
          new HttpRouteDestination(primary(), primaryWeight),
          new HttpRouteDestination(canary(), canaryWeight));
    }
  }
}
