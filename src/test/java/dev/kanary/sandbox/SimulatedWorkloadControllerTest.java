package dev.kanary.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedWorkloadControllerTest {

  private KubernetesMockServer server;
  private KubernetesClient client;
  private SimulatedWorkloadController controller;

  @BeforeEach
  void start() {
    server = SandboxCluster.newServer();
    client = server.createClient();
    controller =
        new SimulatedWorkloadController(client, Duration.ofMillis(50), 3, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    controller.close();
    client.close();
    server.destroy();
  }

  @Test
  void deploymentsBecomeReadyWithTheirReplicas() {
    client.resource(deployment("web", "podinfo:1.4.0", 3, 60)).create();
    Deployment ready =
        awaitStatus("web", d -> Integer.valueOf(3).equals(d.getStatus().getAvailableReplicas()));
    assertEquals(3, ready.getStatus().getUpdatedReplicas());

    client.apps().deployments().inNamespace("prod").withName("web").scale(0);
    awaitStatus("web", d -> Integer.valueOf(0).equals(d.getStatus().getReplicas()));
  }

  @Test
  void anUnreadyImageStaysUnavailable() {
    controller.behave("podinfo:bad", SimulatedWorkloadController.Behaviour.UNREADY);
    client.resource(deployment("web", "podinfo:bad", 2, 60)).create();
    Deployment d =
        awaitStatus("web", x -> Integer.valueOf(2).equals(x.getStatus().getUpdatedReplicas()));
    assertEquals(0, d.getStatus().getAvailableReplicas());
    assertTrue(d.getStatus().getConditions().isEmpty(), "no deadline reported");
  }

  @Test
  void aCrashLoopingImageExceedsItsProgressDeadline() {
    controller.behave("podinfo:crash", SimulatedWorkloadController.Behaviour.CRASH_LOOP);
    client.resource(deployment("web", "podinfo:crash", 1, 0)).create();
    Deployment d =
        awaitStatus(
            "web",
            x -> x.getStatus().getConditions() != null && !x.getStatus().getConditions().isEmpty());
    assertEquals("ProgressDeadlineExceeded", d.getStatus().getConditions().get(0).getReason());
  }

  @Test
  void daemonSetsScheduleOnEveryNodeUnlessScaledToZero() {
    DaemonSet ds =
        Workloads.daemonSet("prod", "agent", "agent:1")
            .editSpec()
            .editTemplate()
            .editSpec()
            .withNodeSelector(Map.of("flagger.app/scale-to-zero", "true"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(ds).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              DaemonSet current =
                  client.apps().daemonSets().inNamespace("prod").withName("agent").get();
              return current.getStatus() != null
                  && Integer.valueOf(0).equals(current.getStatus().getDesiredNumberScheduled());
            });
    client
        .apps()
        .daemonSets()
        .inNamespace("prod")
        .withName("agent")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().setNodeSelector(null);
              return d;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              DaemonSet current =
                  client.apps().daemonSets().inNamespace("prod").withName("agent").get();
              return Integer.valueOf(3).equals(current.getStatus().getNumberAvailable());
            });
  }

  private Deployment awaitStatus(String name, java.util.function.Predicate<Deployment> done) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> client.apps().deployments().inNamespace("prod").withName(name).get(),
            d -> d != null && d.getStatus() != null && done.test(d));
  }

  private static Deployment deployment(String name, String image, int replicas, int deadline) {
    return Workloads.deployment("prod", name, image)
        .editSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(deadline)
        .endSpec()
        .build();
  }
}
