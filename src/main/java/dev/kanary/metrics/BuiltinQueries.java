package dev.kanary.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PromQL of Flagger's builtin metrics, {@code request-success-rate} (percent of requests not
 * answered 5xx) and {@code request-duration} (milliseconds, the 99th percentile for most
 * providers), for each service mesh and ingress provider.
 *
 * <p>The queries are Flagger's, placeholder for placeholder, so that dashboards and expectations
 * carry over; they are rendered with {@link QueryTemplate} and their whitespace is collapsed to
 * single spaces. Providers are matched as Flagger's observer factory matches them: {@code appmesh*}
 * and {@code gloo*} by prefix, {@code kubernetes} and {@code gatewayapi*} by the generic HTTP
 * queries. The SMI providers have no builtin queries (Flagger fell back to Istio's): they are
 * refused with an error.
 */
public final class BuiltinQueries {

  /** The name of the builtin success-rate metric. */
  public static final String REQUEST_SUCCESS_RATE = "request-success-rate";

  /** The name of the builtin latency metric. */
  public static final String REQUEST_DURATION = "request-duration";

  /** The names of the builtin metrics. */
  public static final Set<String> NAMES = Set.of(REQUEST_SUCCESS_RATE, REQUEST_DURATION);

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern NON_WORD = Pattern.compile("\\W");

  private static final String POD_NAME = "{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)";

  private static final Queries ISTIO =
      new Queries(
          ratio(
              """
              istio_requests_total{
                reporter="destination",
                destination_workload_namespace="{{ namespace }}",
                destination_workload=~"{{ target }}",
                response_code!~"5.*"
              }""",
              """
              istio_requests_total{
                reporter="destination",
                destination_workload_namespace="{{ namespace }}",
                destination_workload=~"{{ target }}"
              }""",
              100),
          p99(
              """
              istio_request_duration_milliseconds_bucket{
                reporter="destination",
                destination_workload_namespace="{{ namespace }}",
                destination_workload=~"{{ target }}"
              }"""),
          1);

  private static final Queries LINKERD =
      new Queries(
          ratio(
              """
              response_total{
                namespace="{{ namespace }}",
                deployment=~"{{ target }}",
                classification!="failure",
                direction="inbound"
              }""",
              """
              response_total{
                namespace="{{ namespace }}",
                deployment=~"{{ target }}",
                direction="inbound"
              }""",
              100),
          p99(
              """
              response_latency_ms_bucket{
                namespace="{{ namespace }}",
                deployment=~"{{ target }}",
                direction="inbound"
              }"""),
          1);

  private static final Queries NGINX =
      new Queries(
          ratio(
              """
              nginx_ingress_controller_requests{
                namespace="{{ namespace }}",
                ingress="{{ ingress }}",
                canary!="",
                status!~"5.*"
              }""",
              """
              nginx_ingress_controller_requests{
                namespace="{{ namespace }}",
                ingress="{{ ingress }}",
                canary!=""
              }""",
              100),
          ratio(
              """
              nginx_ingress_controller_response_duration_seconds_sum{
                namespace="{{ namespace }}",
                ingress="{{ ingress }}",
                canary!=""
              }""",
              """
              nginx_ingress_controller_response_duration_seconds_count{
                namespace="{{ namespace }}",
                ingress="{{ ingress }}",
                canary!=""
              }""",
              1000),
          1);

  private static final Queries CONTOUR =
      envoyCluster("envoy_cluster_name=~\"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+\"");

  private static final Queries GLOO =
      envoyCluster(
          "envoy_cluster_name=~\"{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+"
              + "_[0-9a-zA-Z-]+\"");

  private static final Queries KUMA =
      envoyCluster("service=~\"{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+\"");

  private static final Queries KNATIVE =
      envoyCluster("envoy_cluster_name=~\"{{ namespace }}/{{ route }}\"");

  private static final Queries APPMESH =
      new Queries(
          ratio(
              """
              envoy_cluster_upstream_rq{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME",
                envoy_response_code!~"5.*"
              }"""
                  .replace("POD_NAME", POD_NAME),
              """
              envoy_cluster_upstream_rq{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME"
              }"""
                  .replace("POD_NAME", POD_NAME),
              100),
          p99(
              """
              envoy_cluster_upstream_rq_time_bucket{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME"
              }"""
                  .replace("POD_NAME", POD_NAME)),
          1);

  private static final Queries HTTP =
      new Queries(
          ratio(
              """
              http_request_duration_seconds_count{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME",
                status!~"5.*"
              }"""
                  .replace("POD_NAME", POD_NAME),
              """
              http_request_duration_seconds_count{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME"
              }"""
                  .replace("POD_NAME", POD_NAME),
              100),
          p99(
              """
              http_request_duration_seconds_bucket{
                kubernetes_namespace="{{ namespace }}",
                kubernetes_pod_name=~"POD_NAME"
              }"""
                  .replace("POD_NAME", POD_NAME)),
          1000);

  private static final String SKIPPER_ROUTE =
      "kube(ew)?_{{ namespace }}__{{ ingress }}_canary__.*__{{ service }}_canary(_[0-9]+)?";

  private static final Queries SKIPPER =
      new Queries(
          """
          sum(rate(skipper_response_duration_seconds_bucket{route=~"ROUTE",code!~"5..",le="+Inf"}\
          [{{ interval }}])) /
          sum(rate(skipper_response_duration_seconds_bucket{route=~"ROUTE",le="+Inf"}\
          [{{ interval }}])) * 100"""
              .replace("ROUTE", SKIPPER_ROUTE),
          """
          sum(rate(skipper_serve_route_duration_seconds_sum{route=~"ROUTE"}[{{ interval }}])) /
          sum(rate(skipper_serve_route_duration_seconds_count{route=~"ROUTE"}[{{ interval }}])) \
          * 1000"""
              .replace("ROUTE", SKIPPER_ROUTE),
          1);

  private static final Queries TRAEFIK =
      new Queries(
          ratio(
              """
              traefik_service_request_duration_seconds_bucket{
                service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
                code!~"5..",
                le="+Inf"
              }""",
              """
              traefik_service_request_duration_seconds_bucket{
                service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
                le="+Inf"
              }""",
              100),
          p99(
                  """
              traefik_service_request_duration_seconds_bucket{
                service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"
              }""")
              + " * 1000",
          1);

  private static final Queries OSM =
      new Queries(
          ratio(
              """
              osm_request_total{
                destination_namespace="{{ namespace }}",
                destination_kind="Deployment",
                destination_name="{{ target }}",
                response_code!~"5.*"
              }""",
              """
              osm_request_total{
                destination_namespace="{{ namespace }}",
                destination_kind="Deployment",
                destination_name="{{ target }}"
              }""",
              100),
          p99(
              """
              osm_request_duration_ms_bucket{
                destination_namespace="{{ namespace }}",
                destination_kind="Deployment",
                destination_name="{{ target }}"
              }"""),
          1);

  private static final Queries APISIX =
      new Queries(
          ratio(
              """
              apisix_http_status{
                route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+",
                code!~"5.."
              }""",
              """
              apisix_http_status{
                route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"
              }""",
              100),
          p99(
              """
              apisix_http_latency_bucket{
                type=~"request",
                route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"
              }"""),
          1);

  private static final Map<String, Queries> BY_PROVIDER =
      Map.ofEntries(
          Map.entry("istio", ISTIO),
          Map.entry("linkerd", LINKERD),
          Map.entry("nginx", NGINX),
          Map.entry("contour", CONTOUR),
          Map.entry("kuma", KUMA),
          Map.entry("knative", KNATIVE),
          Map.entry("kubernetes", HTTP),
          Map.entry("skipper", SKIPPER),
          Map.entry("traefik", TRAEFIK),
          Map.entry("osm", OSM),
          Map.entry("apisix", APISIX));

  private static final List<String> PREFIXED = List.of("appmesh", "gloo", "gatewayapi");

  private BuiltinQueries() {}

  /**
   * A rendered builtin query.
   *
   * @param provider the provider whose query it is
   * @param metric the builtin metric's name
   * @param promql the query, whitespace collapsed
   * @param scale the factor that turns Prometheus' answer into the metric's unit: 1000 where the
   *     query measures seconds but the metric is in milliseconds, else 1
   */
  public record BuiltinQuery(String provider, String metric, String promql, double scale) {}

  /**
   * Tells whether a metric name is a builtin metric.
   *
   * @param metric the metric's name
   * @return true for {@code request-success-rate} and {@code request-duration}
   */
  public static boolean isBuiltin(String metric) {
    return metric != null && NAMES.contains(metric);
  }

  /**
   * Tells whether a provider has builtin queries.
   *
   * @param provider a provider name, for example {@code istio} or {@code gatewayapi:v1}
   * @return true when {@link #render} knows its queries
   */
  public static boolean supports(String provider) {
    return queries(provider) != null;
  }

  /**
   * Renders a builtin metric's query for a provider.
   *
   * @param provider the provider, for example {@code istio}, {@code appmesh:v1beta2} or {@code
   *     gatewayapi:v1}
   * @param metric {@code request-success-rate} or {@code request-duration}
   * @param model the values of the placeholders
   * @return the query and the scale of its answer
   * @throws IllegalArgumentException when the provider has no builtin queries or the metric is no
   *     builtin metric
   */
  public static BuiltinQuery render(String provider, String metric, TemplateModel model) {
    Queries queries = queries(provider);
    if (queries == null) {
      throw new IllegalArgumentException(
          "provider '"
              + provider
              + "' has no builtin metrics; they exist for "
              + "apisix, appmesh, contour, gatewayapi, gloo, istio, knative, kubernetes, kuma,"
              + " linkerd, nginx, osm, skipper and traefik; use a MetricTemplate instead");
    }
    TemplateModel values =
        queries == SKIPPER
            ? model.withNames(name -> NON_WORD.matcher(name).replaceAll("_"))
            : model;
    String template;
    double scale;
    if (REQUEST_SUCCESS_RATE.equals(metric)) {
      template = queries.successRate();
      scale = 1;
    } else if (REQUEST_DURATION.equals(metric)) {
      template = queries.duration();
      scale = queries.durationScale();
    } else {
      throw new IllegalArgumentException(
          "'" + metric + "' is not a builtin metric; the builtin metrics are " + NAMES);
    }
    try {
      return new BuiltinQuery(
          provider, metric, collapseWhitespace(QueryTemplate.render(template, values)), scale);
    } catch (QueryTemplateException e) {
      throw new IllegalStateException("builtin query of " + provider + " is malformed", e);
    }
  }

  /**
   * Collapses every run of whitespace to one space and trims the ends, as Flagger does before
   * sending a query.
   *
   * @param query a query
   * @return the query on one line
   */
  public static String collapseWhitespace(String query) {
    return WHITESPACE.matcher(query).replaceAll(" ").strip();
  }

  private static Queries queries(String provider) {
    if (provider == null) {
      return null;
    }
    Queries exact = BY_PROVIDER.get(provider);
    if (exact != null) {
      return exact;
    }
    for (String prefix : PREFIXED) {
      if (provider.startsWith(prefix)) {
        return switch (prefix) {
          case "appmesh" -> APPMESH;
          case "gloo" -> GLOO;
          default -> HTTP;
        };
      }
    }
    return null;
  }

  private static Queries envoyCluster(String selector) {
    return new Queries(
        ratio(
            "envoy_cluster_upstream_rq{ " + selector + ", envoy_response_code!~\"5.*\" }",
            "envoy_cluster_upstream_rq{ " + selector + ", }",
            100),
        p99("envoy_cluster_upstream_rq_time_bucket{ " + selector + ", }"),
        1);
  }

  /**
   * The ratio of two series' rates, laid out as Flagger lays it out.
   *
   * @param numerator the selected series of the numerator, ending with its closing brace
   * @param denominator the selected series of the denominator
   * @param factor what the ratio is multiplied by
   * @return the query template
   */
  private static String ratio(String numerator, String denominator, int factor) {
    return "sum( rate( "
        + numerator
        + "[{{ interval }}] ) ) / sum( rate( "
        + denominator
        + "[{{ interval }}] ) ) * "
        + factor;
  }

  /**
   * The 99th percentile of a histogram, laid out as Flagger lays it out.
   *
   * @param buckets the selected bucket series, ending with its closing brace
   * @return the query template
   */
  private static String p99(String buckets) {
    return "histogram_quantile( 0.99, sum( rate( " + buckets + "[{{ interval }}] ) ) by (le) )";
  }

  /** The two builtin queries of one provider and the scale of the duration's answer. */
  private record Queries(String successRate, String duration, double durationScale) {}
}
