package dev.kanary.leader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.config.KanaryConfig;
import dev.kanary.controller.CanaryLogContext;
import dev.kanary.controller.CanaryReconciler;
import dev.kanary.events.KubernetesEventRecorder;
import dev.kanary.notifier.DefaultAlertSender;
import dev.kanary.notifier.Severity;
import dev.kanary.sandbox.SandboxCluster;
import dev.kanary.sandbox.SimulatedWorkloadController;
import dev.kanary.testing.Canaries;
import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every log line about a canary names it: {@code canary=name.namespace} in the MDC (the JSON logs'
 * {@code mdc} object), on the reconciler's thread and on the threads background work runs on.
 */
class CanaryLogContextTest {

  private static final Logger LOG = Logger.getLogger("dev.kanary.leader.test");

  private final CapturedLogs logs = new CapturedLogs();
  private HttpServer refusing;

  @BeforeEach
  void start() throws IOException {
    MDC.remove(CanaryLogContext.KEY);
    refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    refusing.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(400, -1);
          exchange.close();
        });
    refusing.start();
  }

  @AfterEach
  void stop() {
    logs.close();
    refusing.stop(0);
  }

  @Test
  void aScopeNamesTheCanaryAndClosingItRestoresThePreviousEntry() {
    try (CanaryLogContext.Scope outer = CanaryLogContext.enter(canary("outer", "a"))) {
      try (CanaryLogContext.Scope inner = CanaryLogContext.enter(canary("podinfo", "test"))) {
        assertEquals("podinfo.test", MDC.get(CanaryLogContext.KEY));
      }
      assertEquals("outer.a", MDC.get(CanaryLogContext.KEY));
    }
    assertNull(MDC.get(CanaryLogContext.KEY));
  }

  @Test
  void everyLineLoggedDuringAReconcileNamesTheCanary() {
    KubernetesMockServer server = SandboxCluster.newServer();
    try (KubernetesClient client = server.createClient()) {
      client.resource(Workloads.canaryTarget("test", "podinfo", "podinfo:1.0")).create();
      CanaryReconciler reconciler =
          Replica.newReconciler(client, new KubernetesEventRecorder(client, Clock.systemUTC()));
      Canary canary = canary("podinfo", "test");

      reconciler.reconcile(canary, null);

      List<ExtLogRecord> onThisThread =
          logs.records().stream()
              .filter(r -> r.getThreadName().equals(Thread.currentThread().getName()))
              .toList();
      assertTrue(
          onThisThread.stream().anyMatch(r -> r.getLoggerName().endsWith("ValidationReporter")),
          "the reconcile logged the validation verdict: " + messages(onThisThread));
      assertTrue(
          onThisThread.stream()
              .allMatch(r -> "podinfo.test".equals(r.getMdc(CanaryLogContext.KEY))),
          messages(onThisThread).toString());
      assertNull(MDC.get(CanaryLogContext.KEY), "the reconcile leaves the MDC as it found it");
    } finally {
      server.destroy();
    }
  }

  @Test
  void eventWebhooksCalledInTheBackgroundLogWithTheCanaryOfTheReconcile() {
    KubernetesMockServer server = SandboxCluster.newServer();
    try (KubernetesClient client = server.createClient();
        SimulatedWorkloadController workloads =
            new SimulatedWorkloadController(client, Duration.ofMillis(50), 2, Clock.systemUTC())) {
      client.resource(Workloads.canaryTarget("test", "podinfo", "podinfo:1.0")).create();
      CanaryReconciler reconciler =
          Replica.newReconciler(client, new KubernetesEventRecorder(client, Clock.systemUTC()));
      Canary canary = canary("podinfo", "test");
      canary.getSpec().analysis.webhooks =
          List.of(
              Serialization.unmarshal(
                  "{\"name\": \"notify\", \"type\": \"event\", \"url\": \"" + refusingUrl() + "\"}",
                  dev.kanary.api.v1beta1.spec.CanaryWebhook.class));
      String testThread = Thread.currentThread().getName();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                reconciler.reconcile(canary, null);
                return logs.records().stream()
                    .anyMatch(
                        r ->
                            r.getLoggerName().endsWith("HttpWebhookClient")
                                && !r.getThreadName().equals(testThread));
              });
      ExtLogRecord background =
          logs.records().stream()
              .filter(r -> r.getLoggerName().endsWith("HttpWebhookClient"))
              .findFirst()
              .orElseThrow();
      assertEquals("podinfo.test", background.getMdc(CanaryLogContext.KEY));
    } finally {
      server.destroy();
    }
  }

  @Test
  void alertDeliveriesLogWithTheCanaryOnTheThreadThatCompletesThem() {
    KanaryConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(KanaryConfig.class)
            .withSources(
                new PropertiesConfigSource(Map.of("kanary.slack.url", refusingUrl()), "test", 500))
            .build()
            .getConfigMapping(KanaryConfig.class);
    DefaultAlertSender alerts =
        new DefaultAlertSender(
            config,
            (namespace, name) -> Optional.empty(),
            (namespace, name) -> Optional.empty(),
            new SimpleMeterRegistry());
    Canary canary = canary("podinfo", "test");

    try (CanaryLogContext.Scope scope = CanaryLogContext.enter(canary)) {
      alerts.dispatch(canary, Severity.INFO, "New revision detected", false).join();
    }

    ExtLogRecord failure =
        logs.records().stream()
            .filter(r -> r.getLoggerName().endsWith("DefaultAlertSender"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(messages(logs.records()).toString()));
    assertEquals("podinfo.test", failure.getMdc(CanaryLogContext.KEY));
    assertFalse(
        failure.getThreadName().equals(Thread.currentThread().getName()),
        "logged by the thread that completed the delivery");
  }

  @Test
  void tasksOfAPropagatingExecutorRunWithTheSubmittersMdcAndLeaveTheWorkerClean()
      throws InterruptedException {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      worker.submit(() -> LOG.info("the worker starts")).get(10, TimeUnit.SECONDS);
      try (CanaryLogContext.Scope scope = CanaryLogContext.enter(canary("podinfo", "test"))) {
        CanaryLogContext.propagating(worker).execute(() -> LOG.info("in the background"));
      }
      worker.submit(() -> LOG.info("unrelated work")).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      worker.shutdown();
    }
    List<ExtLogRecord> records =
        logs.records().stream().filter(r -> r.getLoggerName().equals(LOG.getName())).toList();
    assertEquals(3, records.size(), messages(records).toString());
    assertEquals("podinfo.test", records.get(1).getMdc(CanaryLogContext.KEY));
    assertFalse(records.get(1).getThreadName().equals(Thread.currentThread().getName()));
    assertNull(records.get(2).getMdc(CanaryLogContext.KEY), "the worker's MDC was restored");
  }

  @Test
  void theJsonLogsCarryTheCanaryInTheirMdcObject() throws IOException {
    try (CanaryLogContext.Scope scope = CanaryLogContext.enter(canary("podinfo", "test"))) {
      LOG.info("Advance podinfo.test canary weight 10");
    }

    ExtLogRecord record =
        logs.records().stream()
            .filter(r -> r.getLoggerName().equals(LOG.getName()))
            .findFirst()
            .orElseThrow();
    String json = new JsonFormatter().format(record);
    JsonNode line = new ObjectMapper().readTree(json);
    assertEquals("podinfo.test", line.path("mdc").path("canary").asText(), json);
    assertEquals("Advance podinfo.test canary weight 10", line.path("message").asText(), json);
  }

  private String refusingUrl() {
    return "http://127.0.0.1:" + refusing.getAddress().getPort() + "/";
  }

  private static List<String> messages(List<ExtLogRecord> records) {
    return records.stream().map(r -> r.getLoggerName() + ": " + r.getFormattedMessage()).toList();
  }

  private static Canary canary(String name, String namespace) {
    Canary canary = Canaries.canary(namespace, name, "Deployment", "kubernetes", 2);
    canary.getSpec().targetRef.name = "podinfo";
    return canary;
  }
}
