package dev.kanary.loadtester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kanary binary in load tester mode serves Flagger's loadtester API on its HTTP port. */
@QuarkusTest
@TestProfile(LoadTesterModeTest.Mode.class)
@WithKubernetesTestServer(crud = true)
class LoadTesterModeTest {

  /** Turns the load tester mode on with an authorized namespace pattern. */
  public static class Mode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          LoadTesterConfig.ENABLED, "true", "kanary-loadtester.namespace-regexp", "^test$");
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject LoadTesterRoutes routes;

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(root.toURI().resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String payload(String namespace, String metadata) {
    return "{\"name\":\"podinfo\",\"namespace\":\""
        + namespace
        + "\",\"metadata\":"
        + metadata
        + "}";
  }

  @Test
  void servesTheApiOnTheHttpPort() throws Exception {
    assertTrue(routes.loadTester().isPresent());
    HttpResponse<String> health = call("GET", "/healthz", "");
    assertEquals(200, health.statusCode());
    assertEquals("OK", health.body());

    assertEquals(403, call("POST", "/gate/check", payload("test", "{}")).statusCode());
    assertEquals(202, call("POST", "/gate/open", payload("test", "{}")).statusCode());
    HttpResponse<String> approved = call("POST", "/gate/check?x=1", payload("test", "{}"));
    assertEquals(200, approved.statusCode());
    assertEquals("Approved", approved.body());
    assertEquals(403, call("POST", "/gate/open", payload("kube-system", "{}")).statusCode());
    assertEquals(400, call("POST", "/", "{broken").statusCode());
    assertEquals(400, call("POST", "/", payload("test", "{}")).statusCode());
  }

  @Inject io.javaoperatorsdk.operator.Operator operator;

  @Test
  void noReconcilerIsRegistered() {
    assertEquals(0, operator.getRegisteredControllersNumber());
  }

  @Test
  void heyRunsAreExportedOnMetrics() throws Exception {
    String target = root.toURI().resolve("/healthz").toString();
    String task = payload("test", "{\"cmd\":\"hey -n 4 -c 2 " + target + "\"}");
    assertEquals(202, call("POST", "/", task).statusCode());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> routes.loadTester().orElseThrow().runningTasks().isEmpty());
    HttpResponse<String> metrics = call("GET", "/metrics", "");
    assertEquals(200, metrics.statusCode());
    assertTrue(
        metrics
            .body()
            .contains(
                "kanary_loadtester_requests_total{canary=\"podinfo\",code=\"200\",namespace=\"test\"} 4.0"),
        metrics.body());
    assertTrue(
        metrics.body().contains("kanary_loadtester_request_duration_seconds"), metrics.body());
  }
}
