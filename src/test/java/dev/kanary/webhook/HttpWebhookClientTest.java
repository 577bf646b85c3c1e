package dev.kanary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpWebhookClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<Integer> answers = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile long delayMillis;
  private final HttpWebhookClient client =
      new HttpWebhookClient(Duration.ofMillis(10), Duration.ofMillis(40));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int index = calls.getAndIncrement();
          int status = answers.get(Math.min(index, answers.size() - 1));
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = ("answer " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsFlaggersPayloadWithMergedMetadata() throws IOException {
    answers.add(200);
    CanaryWebhook hook = hook(null, 0);
    hook.metadata = Map.of("cmd", "hey -z 1m http://backend-canary.prod/", "eventType", "mine");
    WebhookResult result =
        client.call(canary(), hook, "Progressing", Map.of("eventType", "Normal"));
    assertTrue(result.success());
    JsonNode body = JSON.readTree(bodies.get(0));
    assertEquals("backend", body.get("name").asText());
    assertEquals("prod", body.get("namespace").asText());
    assertEquals("Progressing", body.get("phase").asText());
    assertEquals(16, body.get("checksum").asText().length());
    assertEquals("hey -z 1m http://backend-canary.prod/", body.get("metadata").get("cmd").asText());
    assertEquals("Normal", body.get("metadata").get("eventType").asText(), "event keys win");
  }

  @Test
  void leavesMetadataOutWhenThereIsNone() throws IOException {
    answers.add(200);
    client.call(canary(), hook(null, 0), "Progressing", Map.of());
    assertFalse(JSON.readTree(bodies.get(0)).has("metadata"));
  }

  @ParameterizedTest
  @CsvSource({
    "200, true",
    "201, true",
    "202, true",
    "204, true",
    "302, false",
    "403, false",
    "404, false"
  })
  void succeedsOnAny2xx(int status, boolean success) {
    answers.add(status);
    WebhookResult result = client.call(canary(), hook(null, 0), "Progressing", Map.of());
    assertEquals(success, result.success());
    assertEquals(status, result.statusCode());
    if (!success) {
      assertEquals("answer " + status, result.detail());
    }
  }

  @Test
  void retriesServerErrorsUpToItsRetries() {
    answers.addAll(List.of(500, 503, 200));
    WebhookResult result = client.call(canary(), hook(null, 2), "Progressing", Map.of());
    assertTrue(result.success());
    assertEquals(3, calls.get());
  }

  @Test
  void givesUpAfterItsRetries() {
    answers.add(500);
    WebhookResult result = client.call(canary(), hook(null, 1), "Progressing", Map.of());
    assertFalse(result.success());
    assertEquals(2, calls.get());
  }

  @Test
  void doesNotRetryARefusal() {
    answers.add(403);
    client.call(canary(), hook(null, 3), "Progressing", Map.of());
    assertEquals(1, calls.get());
  }

  @Test
  void aHangingWebhookFailsAtItsTimeout() {
    answers.add(200);
    delayMillis = 2_000;
    WebhookResult result = client.call(canary(), hook("200ms", 0), "Progressing", Map.of());
    assertFalse(result.success());
    assertEquals(0, result.statusCode());
    assertTrue(result.detail().startsWith("timeout after 200ms"), result.detail());
  }

  @Test
  void anUnreachableWebhookFailsWithoutThrowing() {
    CanaryWebhook hook = hook(null, 0);
    hook.url = "http://127.0.0.1:1/";
    WebhookResult result = client.call(canary(), hook, "Progressing", Map.of());
    assertFalse(result.success());
    assertTrue(result.detail().startsWith("connection failed"), result.detail());
  }

  private CanaryWebhook hook(String timeout, int retries) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.name = "load-test";
    hook.url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    hook.timeout = timeout;
    hook.retries = retries;
    return hook;
  }

  private static Canary canary() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("backend").withNamespace("prod").build());
    canary.setStatus(new CanaryStatus());
    canary.getStatus().lastAppliedSpec = "00000000000000a1";
    canary.getStatus().trackedConfigs = Map.of("configmap/backend", "abcd");
    return canary;
  }
}
