package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.spec.IngressReference;
import dev.kanary.api.v1beta1.spec.RouteReference;
import dev.kanary.api.v1beta1.spec.TargetReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTemplateTest {

  private static final TemplateModel MODEL =
      new TemplateModel(
          "web",
          "prod",
          "web-app",
          "web-svc",
          "web-ing",
          "web-route",
          "2m",
          Map.of("status", "5..", "path", "/api"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "{{ name }}                | web",
        "{{ namespace }}           | prod",
        "{{ target }}              | web-app",
        "{{ service }}             | web-svc",
        "{{ ingress }}             | web-ing",
        "{{ route }}               | web-route",
        "{{ interval }}            | 2m",
        "{{ variables.status }}    | 5..",
        "{{namespace}}             | prod",
        "'{{   target\t}}'         | web-app",
        "'a {{- name }} b'         | aweb b",
        "'a {{ name -}}   b'       | a webb",
        "'a  {{- name -}}  b'      | awebb",
        "'no placeholder at all'   | no placeholder at all",
        "'stray }} closing'        | stray }} closing",
      })
  void rendersEachPlaceholder(String template, String expected) throws Exception {
    assertEquals(expected, QueryTemplate.render(template, MODEL));
  }

  @Test
  void rendersATemplateThatUsesEveryValue() throws Exception {
    String template =
        """
        sum(rate(http_requests_total{
          canary="{{ name }}", namespace="{{ namespace }}", pod=~"{{ target }}-.*",
          service="{{ service }}", ingress="{{ ingress }}", route="{{ route }}",
          status!~"{{ variables.status }}", path="{{variables.path}}"
        }[{{ interval }}]))""";
    assertEquals(
        "sum(rate(http_requests_total{ canary=\"web\", namespace=\"prod\","
            + " pod=~\"web-app-.*\", service=\"web-svc\", ingress=\"web-ing\","
            + " route=\"web-route\", status!~\"5..\", path=\"/api\" }[2m]))",
        QueryTemplate.render(template, MODEL).replaceAll("\\s+", " "));
  }

  @Test
  void aParsedTemplateRendersManyModels() throws Exception {
    QueryTemplate template = QueryTemplate.parse("{{ namespace }}/{{ target }}");
    assertEquals("prod/web-app", template.render(MODEL));
    assertEquals(
        "dev/api",
        template.render(new TemplateModel("a", "dev", "api", "a", "a", "a", "1m", null)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'rate(x[{{ interval ]))'           | unclosed '{{' at line 1, column 8: no '}}' follows it",
        "'a\nb {{ name }} {{ target'        | unclosed '{{' at line 2, column 14",
        "'x{ns=\"{{ .Namespace }}\"}'       | unknown placeholder {{ .Namespace }} at line 1,"
            + " column 7; known: ingress, interval, name, namespace, route, service, target and"
            + " variables.<key>",
        "'{{ nmespace }}'                   | unknown placeholder {{ nmespace }}",
        "'{{ }}'                            | unknown placeholder {{ }}",
        "'{{ variables }}'                  | unknown placeholder {{ variables }}",
        "'{{ variables.a-b }}'              | unknown placeholder {{ variables.a-b }}",
        "'{{ namespace | printf }}'         | unknown placeholder {{ namespace | printf }}",
      })
  void refusesMalformedTemplates(String template, String message) {
    QueryTemplateException error =
        assertThrows(QueryTemplateException.class, () -> QueryTemplate.parse(template));
    assertStartsWith(message, error.getMessage());
  }

  @Test
  void aMissingVariableIsAnErrorNamingIt() {
    QueryTemplateException error =
        assertThrows(
            QueryTemplateException.class,
            () -> QueryTemplate.render("x{le=\"{{ variables.bucket }}\"}", MODEL));
    assertEquals(
        "missing template variable 'bucket' used by {{ variables.bucket }};"
            + " templateVariables defines path, status",
        error.getMessage());
  }

  @Test
  void aVariableOfAMetricWithoutVariablesIsAnError() {
    TemplateModel bare = new TemplateModel("a", "b", "c", "d", "e", "f", "1m", null);
    QueryTemplateException error =
        assertThrows(
            QueryTemplateException.class, () -> QueryTemplate.render("{{ variables.x }}", bare));
    assertEquals(
        "missing template variable 'x' used by {{ variables.x }}; templateVariables defines none",
        error.getMessage());
  }

  @Test
  void theModelOfACanaryDefaultsServiceIngressRouteAndInterval() {
    Canary canary = canary();
    CanaryMetric metric = new CanaryMetric();
    metric.name = "errors";
    assertEquals(
        new TemplateModel(
            "podinfo",
            "test",
            "podinfo-app",
            "podinfo-app",
            "podinfo-app",
            "podinfo-app",
            "1m",
            Map.of()),
        TemplateModel.of(canary, metric));
  }

  @Test
  void theModelOfACanaryTakesItsReferencesAndTheMetricsIntervalAndVariables() {
    Canary canary = canary();
    canary.getSpec().service = new dev.kanary.api.v1beta1.spec.CanaryService();
    canary.getSpec().service.name = "podinfo";
    canary.getSpec().ingressRef = new IngressReference();
    canary.getSpec().ingressRef.name = "public";
    canary.getSpec().routeRef = new RouteReference();
    canary.getSpec().routeRef.name = "apisix-route";
    CanaryMetric metric = new CanaryMetric();
    metric.name = "errors";
    metric.interval = "30s";
    metric.templateVariables = Map.of("k", "v");
    assertEquals(
        new TemplateModel(
            "podinfo",
            "test",
            "podinfo-app",
            "podinfo",
            "public",
            "apisix-route",
            "30s",
            Map.of("k", "v")),
        TemplateModel.of(canary, metric));
  }

  private static Canary canary() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    canary.setSpec(new CanarySpec());
    canary.getSpec().targetRef = new TargetReference();
    canary.getSpec().targetRef.name = "podinfo-app";
    canary.getSpec().targetRef.kind = "Deployment";
    return canary;
  }

  private static void assertStartsWith(String prefix, String actual) {
    assertEquals(prefix, actual.substring(0, Math.min(prefix.length(), actual.length())));
  }
}
