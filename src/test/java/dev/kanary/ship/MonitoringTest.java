package dev.kanary.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.DeploymentStrategy;
import dev.kanary.metrics.FlaggerMetrics;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the Grafana dashboard and the PrometheusRule against the series Kanary really exports:
 * every {@code flagger_*} name and every label they use must appear when {@link FlaggerMetrics}
 * records a whole rollout into a Prometheus registry.
 */
class MonitoringTest {

  private static final Path MONITORING = Project.KUBERNETES.resolve("monitoring");
  private static final Pattern SERIES = Pattern.compile("\\bflagger_[a-z_]+");
  private static final Pattern SELECTOR = Pattern.compile("\\b(flagger_[a-z_]+)\\{([^}]*)\\}");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(?:=~|!~|!=|=)");

  /** Each exported series with the labels it carries. */
  private static final Map<String, Set<String>> EXPORTED = new TreeMap<>();

  @BeforeAll
  static void recordARollout() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlaggerMetrics metrics = new FlaggerMetrics(registry, "0.1.0", "istio");
    Canary canary =
        Serialization.unmarshal(
            "{\"apiVersion\": \"flagger.app/v1beta1\", \"kind\": \"Canary\","
                + " \"metadata\": {\"name\": \"backend\", \"namespace\": \"prod\"},"
                + " \"spec\": {\"targetRef\": {\"kind\": \"Deployment\", \"name\": \"backend\"}}}",
            Canary.class);
    metrics.phase(canary, CanaryPhase.PROGRESSING);
    metrics.weights(canary, 90, 10);
    metrics.metricValue(canary, "request-success-rate", 99.5);
    metrics.stepDuration(canary, Duration.ofMillis(30));
    metrics.finished(canary, DeploymentStrategy.CANARY, true, false);
    metrics.finished(canary, DeploymentStrategy.AB_TESTING, false, false);
    Pattern sample = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? ");
    Pattern label = Pattern.compile("([a-z_]+)=\"");
    for (String line : registry.scrape().split("\n")) {
      Matcher matcher = sample.matcher(line);
      if (line.startsWith("#") || !matcher.find() || !matcher.group(1).startsWith("flagger_")) {
        continue;
      }
      Set<String> labels = EXPORTED.computeIfAbsent(matcher.group(1), k -> new TreeSet<>());
      if (matcher.group(2) != null) {
        Matcher names = label.matcher(matcher.group(2));
        while (names.find()) {
          labels.add(names.group(1));
        }
      }
    }
  }

  @Test
  void theRegistryExportsFlaggersSeries() {
    for (String name :
        List.of(
            "flagger_info",
            "flagger_canary_status",
            "flagger_canary_weight",
            "flagger_canary_metric_analysis",
            "flagger_canary_duration_seconds_bucket",
            "flagger_canary_successes_total",
            "flagger_canary_failures_total")) {
      assertTrue(EXPORTED.containsKey(name), name + " in " + EXPORTED.keySet());
    }
  }

  @Test
  void theDashboardQueriesOnlyExportedSeriesAndLabels() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    assertEquals("kanary-canaries", dashboard.path("uid").asText());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertFalse(panel.path("title").asText().isEmpty(), "panel without a title");
      assertTrue(panel.path("targets").size() > 0, panel.path("title") + " has no query");
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.path("type").asText().equals("query")) {
        expressions.add(variable.at("/query/query").asText());
      }
    }
    Set<String> used = new TreeSet<>();
    for (String expression : expressions) {
      used.addAll(checkExpression(expression));
    }
    assertTrue(
        used.containsAll(
            List.of(
                "flagger_canary_status",
                "flagger_canary_weight",
                "flagger_canary_metric_analysis",
                "flagger_canary_duration_seconds_bucket",
                "flagger_canary_successes_total",
                "flagger_canary_failures_total")),
        "the dashboard shows status, weight, analysis, durations, successes and failures: " + used);
    Set<String> variables = new TreeSet<>();
    dashboard.at("/templating/list").forEach(v -> variables.add(v.path("name").asText()));
    assertTrue(variables.containsAll(Set.of("namespace", "name")), variables.toString());
  }

  @Test
  void theRuleAlertsOnAFailedCanaryLikeTheTutorial() {
    List<ObjectNode> objects = Kustomize.build(MONITORING);
    ObjectNode rule = Kustomize.find(objects, "PrometheusRule", "kanary");
    assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
    assertEquals("kanary-system", rule.at("/metadata/namespace").asText());
    JsonNode alert = rule.at("/spec/groups/0/rules/0");
    assertEquals("canary_rollback", alert.path("alert").asText());
    assertEquals("flagger_canary_status > 1", alert.path("expr").asText());
    assertEquals("1m", alert.path("for").asText());
    assertEquals("warning", alert.at("/labels/severity").asText());
    for (JsonNode group : rule.at("/spec/groups")) {
      for (JsonNode each : group.path("rules")) {
        checkExpression(each.path("expr").asText());
        Matcher templated =
            Pattern.compile("\\$labels\\.([a-z_]+)").matcher(each.path("annotations").toString());
        while (templated.find()) {
          assertTrue(
              EXPORTED.get("flagger_canary_status").contains(templated.group(1)),
              "annotation label " + templated.group(1));
        }
      }
    }
  }

  @Test
  void theDashboardConfigMapCarriesTheJsonForGrafanasSidecar() throws IOException {
    ObjectNode map =
        Kustomize.find(Kustomize.build(MONITORING), "ConfigMap", "kanary-grafana-dashboard");
    assertEquals("1", map.at("/metadata/labels/grafana_dashboard").asText());
    assertEquals(
        Files.readString(MONITORING.resolve("grafana-dashboard.json")),
        map.at("/data/grafana-dashboard.json").asText());
  }

  /** Checks one PromQL expression; returns the series it names. */
  private static Set<String> checkExpression(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher series = SERIES.matcher(expression);
    while (series.find()) {
      assertTrue(
          EXPORTED.containsKey(series.group()),
          series.group() + " is not exported; exported: " + EXPORTED.keySet());
      names.add(series.group());
    }
    Matcher selector = SELECTOR.matcher(expression);
    while (selector.find()) {
      Matcher label = LABEL.matcher(selector.group(2));
      while (label.find()) {
        assertTrue(
            EXPORTED.get(selector.group(1)).contains(label.group(1)),
            selector.group(1) + " has no label " + label.group(1) + " in " + expression);
      }
    }
    Matcher grouping = GROUPING.matcher(expression);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        String name = label.trim();
        boolean carried =
            names.stream().anyMatch(n -> EXPORTED.get(n).contains(name))
                || (name.equals("le") && names.stream().anyMatch(n -> n.endsWith("_bucket")));
        assertTrue(carried, "grouping by " + name + " in " + expression);
      }
    }
    return names;
  }
}
