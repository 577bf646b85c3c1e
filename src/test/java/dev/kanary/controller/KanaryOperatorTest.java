package dev.kanary.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.CrdConsistencyCheck;
import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.status.Condition;
import dev.kanary.api.v1beta1.status.ConditionedStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the operator against the fabric8 mock API server: invalid resources are reported as
 * Ready=False with an Event, and fixing them (or creating the Secret they need) makes them ready.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KanaryOperatorTest {

  private static final String NS = "prod";

  @Inject KubernetesClient client;

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/health/live")
  URL live;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws Exception {
    CrdConsistencyCheck.verify();
  }

  @Test
  void metricTemplateWaitsForItsSecret() {
    MetricTemplate template = load("valid/metrictemplate-prometheus.yaml", MetricTemplate.class);
    template.getMetadata().setName("latency");
    String secretName = template.getSpec().provider.secretRef.name;
    client.resource(template).create();

    Condition notReady = awaitReady(MetricTemplate.class, "latency", "False");
    assertEquals("SecretNotFound", notReady.reason);
    assertTrue(notReady.message.contains("Secret " + NS + "/" + secretName + " not found"));
    awaitEvent("latency", "SecretNotFound", "Warning");

    client.resource(secret(secretName, Map.of("username", "k"))).create();
    Condition missingKey = awaitReasonOf(MetricTemplate.class, "latency", "SecretKeyMissing");
    assertTrue(missingKey.message.contains("token, or password and username"), missingKey.message);

    client.resource(secret(secretName, Map.of("username", "k", "password", "p"))).update();
    awaitReady(MetricTemplate.class, "latency", "True");
    awaitEvent("latency", "Valid", "Normal");
  }

  @Test
  void aWellFormedDatadogTemplateIsReady() {
    MetricTemplate template = load("valid/metrictemplate-datadog.yaml", MetricTemplate.class);
    template.getMetadata().setName("datadog-latency");
    client.resource(template).create();
    client
        .resource(
            secret(
                template.getSpec().provider.secretRef.name,
                Map.of("datadog_api_key", "k", "datadog_application_key", "a")))
        .create();
    Condition condition = awaitReady(MetricTemplate.class, "datadog-latency", "True");
    assertEquals("Valid", condition.reason);
  }

  @Test
  void unsupportedMetricProviderIsNotReady() {
    MetricTemplate template = load("valid/metrictemplate-cloudwatch.yaml", MetricTemplate.class);
    template.getMetadata().setName("cloudwatch-errors");
    client.resource(template).create();
    Condition condition = awaitReady(MetricTemplate.class, "cloudwatch-errors", "False");
    assertEquals("UnsupportedProvider", condition.reason);
    assertTrue(condition.message.contains("not supported by Kanary yet"));
  }

  @Test
  void alertProviderWaitsForItsSecretAndNeverShowsTheAddress() {
    AlertProvider provider = load("valid/alertprovider-slack.yaml", AlertProvider.class);
    provider.getMetadata().setName("on-call");
    String secretName = provider.getSpec().secretRef.name;
    client.resource(provider).create();
    assertEquals("SecretNotFound", awaitReady(AlertProvider.class, "on-call", "False").reason);

    String hook = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
    client.resource(secret(secretName, Map.of("address", "not a url XXXXSECRET"))).create();
    Condition invalid = awaitReasonOf(AlertProvider.class, "on-call", "InvalidSecret");
    assertTrue(!invalid.message.contains("XXXXSECRET"), invalid.message);

    client.resource(secret(secretName, Map.of("address", hook))).update();
    Condition valid = awaitReady(AlertProvider.class, "on-call", "True");
    assertTrue(!valid.message.contains("XXXXSECRET"), valid.message);
    for (Event event : eventsOf("on-call")) {
      assertTrue(!event.getMessage().contains("XXXXSECRET"), event.getMessage());
    }
  }

  @Test
  void invalidCanaryIsReportedAndFixingItMakesItReady() {
    Canary canary = load("valid/session-affinity-canary.yaml", Canary.class);
    canary.getMetadata().setName("sticky");
    canary.getSpec().analysis.sessionAffinity.primaryCookieName =
        canary.getSpec().analysis.sessionAffinity.cookieName;
    client.resource(canary).create();

    Condition invalid = awaitReady(Canary.class, "sticky", "False");
    assertEquals("InvalidSpec", invalid.reason);
    assertTrue(invalid.message.contains("cookieName and primaryCookieName must differ"));
    awaitEvent("sticky", "InvalidSpec", "Warning");

    Canary current = client.resources(Canary.class).inNamespace(NS).withName("sticky").get();
    current.getSpec().analysis.sessionAffinity.primaryCookieName = "primary-cookie";
    client.resource(current).update();
    awaitReady(Canary.class, "sticky", "True");
    assertTrue(
        client.apps().deployments().inNamespace(NS).list().getItems().isEmpty(),
        "validation must touch no workload");
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (URL url : List.of(ready, live, metrics)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(url.toURI()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), url.toString());
    }
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(ready.toURI()).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(health.body().contains("\"status\": \"UP\""), health.body());
  }

  private <T extends HasMetadata> T load(String manifest, Class<T> type) {
    InputStream in = getClass().getResourceAsStream("/manifests/" + manifest);
    T resource = client.getKubernetesSerialization().unmarshal(in, type);
    resource.getMetadata().setNamespace(NS);
    return resource;
  }

  private static Secret secret(String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  private <S extends ConditionedStatus, T extends CustomResource<?, S>> Condition awaitReady(
      Class<T> type, String name, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> readyOf(type, name), c -> c.isPresent() && status.equals(c.get().status))
        .orElseThrow();
  }

  private <S extends ConditionedStatus, T extends CustomResource<?, S>> Condition awaitReasonOf(
      Class<T> type, String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> readyOf(type, name), c -> c.isPresent() && reason.equals(c.get().reason))
        .orElseThrow();
  }

  private <S extends ConditionedStatus, T extends CustomResource<?, S>> Optional<Condition> readyOf(
      Class<T> type, String name) {
    T resource = client.resources(type).inNamespace(NS).withName(name).get();
    if (resource == null || resource.getStatus() == null) {
      return Optional.empty();
    }
    return resource.getStatus().conditions.stream()
        .filter(c -> Condition.READY.equals(c.type))
        .findFirst();
  }

  private void awaitEvent(String name, String reason, String type) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                eventsOf(name).stream()
                    .anyMatch(e -> reason.equals(e.getReason()) && type.equals(e.getType())));
  }

  private List<Event> eventsOf(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
