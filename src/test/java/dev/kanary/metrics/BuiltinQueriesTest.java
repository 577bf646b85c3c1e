package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.metrics.BuiltinQueries.BuiltinQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinQueriesTest {

  private static final TemplateModel MODEL =
      new TemplateModel("web", "prod", "web-app", "web-svc", "web-ing", "web-route", "2m", null);

  static Stream<Arguments> expectedQueries() throws IOException {
    try (var in = BuiltinQueriesTest.class.getResourceAsStream("/metrics/builtin-queries.tsv");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t", 3))
          .map(columns -> Arguments.of(columns[0], columns[1], columns[2]))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("expectedQueries")
  void rendersFlaggersQuery(String provider, String metric, String expected) {
    assertEquals(expected, BuiltinQueries.render(provider, metric, MODEL).promql());
  }

  @Test
  void theTableCoversEveryProviderAndBothMetrics() throws IOException {
    Map<String, Set<String>> metricsByProvider =
        expectedQueries()
            .map(Arguments::get)
            .collect(
                Collectors.groupingBy(
                    row -> (String) row[0],
                    Collectors.mapping(row -> (String) row[1], Collectors.toSet())));
    assertEquals(
        Set.of(
            "istio",
            "linkerd",
            "nginx",
            "contour",
            "gloo",
            "appmesh",
            "appmesh:v1beta2",
            "kubernetes",
            "gatewayapi:v1",
            "gatewayapi:v1beta1",
            "skipper",
            "traefik",
            "osm",
            "kuma",
            "apisix",
            "knative"),
        metricsByProvider.keySet());
    metricsByProvider.values().forEach(metrics -> assertEquals(BuiltinQueries.NAMES, metrics));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "istio, request-duration, 1",
    "kubernetes, request-duration, 1000",
    "gatewayapi:v1, request-duration, 1000",
    "kubernetes, request-success-rate, 1",
    "nginx, request-duration, 1",
    "traefik, request-duration, 1",
  })
  void scalesAnswersInSecondsToMilliseconds(String provider, String metric, double scale) {
    BuiltinQuery query = BuiltinQueries.render(provider, metric, MODEL);
    assertEquals(scale, query.scale());
    assertEquals(provider, query.provider());
    assertEquals(metric, query.metric());
  }

  @Test
  void skipperRouteNamesReplaceNonWordCharacters() {
    TemplateModel dotted =
        new TemplateModel("a.b", "my-ns", "t", "svc.v2", "in-gress", "r", "1m", null);
    assertEquals(
        "sum(rate(skipper_serve_route_duration_seconds_sum{route=~\"kube(ew)?_my_ns__in_gress_canary__.*__svc_v2_canary(_[0-9]+)?\"}[1m]))"
            + " / sum(rate(skipper_serve_route_duration_seconds_count{route=~\"kube(ew)?_my_ns__in_gress_canary__.*__svc_v2_canary(_[0-9]+)?\"}[1m]))"
            + " * 1000",
        BuiltinQueries.render("skipper", "request-duration", dotted).promql());
  }

  @ParameterizedTest
  @CsvSource({"smi:v1alpha3", "crossover", "unknown", "''"})
  void refusesProvidersWithoutBuiltinQueries(String provider) {
    assertFalse(BuiltinQueries.supports(provider));
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> BuiltinQueries.render(provider, "request-success-rate", MODEL));
    assertEquals(
        "provider '"
            + provider
            + "' has no builtin metrics; they exist for apisix, appmesh, contour, gatewayapi,"
            + " gloo, istio, knative, kubernetes, kuma, linkerd, nginx, osm, skipper and traefik;"
            + " use a MetricTemplate instead",
        error.getMessage());
  }

  @Test
  void refusesNamesThatAreNoBuiltinMetric() {
    assertFalse(BuiltinQueries.isBuiltin("error-rate"));
    assertTrue(BuiltinQueries.isBuiltin("request-duration"));
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> BuiltinQueries.render("istio", "error-rate", MODEL));
    assertTrue(error.getMessage().startsWith("'error-rate' is not a builtin metric"));
  }

  @Test
  void collapsesWhitespace() {
    assertEquals("a b c", BuiltinQueries.collapseWhitespace("\n\t a \n\n b\tc  \n"));
  }
}
