package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DaemonSet controller: primary bootstrap, node-selector scaling, promotion, readiness. */
class DaemonSetControllerTest {

  private MockCluster cluster;
  private Canary canary;
  private DaemonSetController controller;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    canary = cluster.canary("daemonset-canary.yaml");
    controller =
        new DaemonSetController(cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static DaemonSetBuilder nodeAgent() {
    return MockCluster.daemonSet("node-agent", "monitoring")
        .editMetadata()
        .addToLabels("name", "node-agent")
        .addToLabels("helm.toolkit.fluxcd.io/name", "monitoring")
        .addToAnnotations("owner", "sre")
        .endMetadata()
        .editSpec()
        .withMinReadySeconds(10)
        .withRevisionHistoryLimit(4)
        .editUpdateStrategy()
        .withNewRollingUpdate()
        .withNewMaxUnavailable("20%")
        .endRollingUpdate()
        .endUpdateStrategy()
        .editTemplate()
        .editSpec()
        .addToNodeSelector("kubernetes.io/os", "linux")
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("node-agent")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private DaemonSet target() {
    return cluster.daemonSet(canary, "node-agent");
  }

  private DaemonSet primary() {
    return cluster.daemonSet(canary, "node-agent-primary");
  }

  private void createConfig() {
    cluster.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("node-agent")
            .withNamespace("monitoring")
            .endMetadata()
            .withData(Map.of("collectors", "cpu,meminfo"))
            .build());
  }

  @Test
  void createsThePrimaryDaemonSet() {
    createConfig();
    DaemonSet target = cluster.create(nodeAgent().build());

    controller.initialize(canary);

    DaemonSet primary = primary();
    assertEquals(Map.of("name", "node-agent-primary"), primary.getMetadata().getLabels());
    assertEquals(Map.of("owner", "sre"), primary.getMetadata().getAnnotations());
    assertEquals("node-agent", primary.getMetadata().getOwnerReferences().get(0).getName());
    assertTrue(primary.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals(
        Map.of("name", "node-agent-primary"), primary.getSpec().getSelector().getMatchLabels());
    assertEquals(target.getSpec().getUpdateStrategy(), primary.getSpec().getUpdateStrategy());
    assertEquals(10, primary.getSpec().getMinReadySeconds());
    assertEquals(4, primary.getSpec().getRevisionHistoryLimit());
    assertEquals(
        Map.of("name", "node-agent-primary"),
        primary.getSpec().getTemplate().getMetadata().getLabels());
    UUID.fromString(
        primary.getSpec().getTemplate().getMetadata().getAnnotations().get("flagger-id"));
    assertEquals(
        "node-agent-primary",
        primary.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName());
    assertEquals(
        Map.of("collectors", "cpu,meminfo"),
        cluster
            .client
            .configMaps()
            .inNamespace("monitoring")
            .withName("node-agent-primary")
            .get()
            .getData());
    assertEquals(
        Map.of("kubernetes.io/os", "linux"),
        primary.getSpec().getTemplate().getSpec().getNodeSelector());
  }

  @Test
  void requiresRollingUpdates() {
    cluster.create(
        nodeAgent()
            .editSpec()
            .withNewUpdateStrategy()
            .withType("OnDelete")
            .endUpdateStrategy()
            .endSpec()
            .build());

    assertEquals(
        "daemonset node-agent.monitoring must have RollingUpdate strategy but has OnDelete",
        assertThrows(WorkloadException.class, () -> controller.initialize(canary)).getMessage());
    assertNull(primary());
  }

  @Test
  void scaleToZeroAddsANodeSelectorNoNodeMatches() {
    createConfig();
    cluster.create(nodeAgent().build());

    controller.scaleToZero(canary);

    assertEquals("PATCH", cluster.lastMethod());
    assertEquals(
        Map.of("kubernetes.io/os", "linux", "flagger.app/scale-to-zero", "true"),
        target().getSpec().getTemplate().getSpec().getNodeSelector());
    int before = cluster.requests();
    controller.scaleToZero(canary);
    assertEquals(before + 1, cluster.requests(), "already scaled to zero: no write");
  }

  @Test
  void scaleFromZeroAndFinalizeRemoveTheNodeSelector() {
    createConfig();
    cluster.create(nodeAgent().build());
    controller.scaleToZero(canary);

    controller.scaleFromZero(canary);

    assertEquals("PATCH", cluster.lastMethod());
    assertEquals(
        Map.of("kubernetes.io/os", "linux"),
        target().getSpec().getTemplate().getSpec().getNodeSelector());
    int before = cluster.requests();
    controller.scaleFromZero(canary);
    controller.finalize(canary);
    assertEquals(before + 2, cluster.requests(), "already scheduling: no write");

    controller.scaleToZero(canary);
    controller.finalize(canary);
    assertEquals(
        Map.of("kubernetes.io/os", "linux"),
        target().getSpec().getTemplate().getSpec().getNodeSelector());
  }

  @Test
  void scalingToZeroIsNotANewRevision() {
    createConfig();
    cluster.create(nodeAgent().build());
    String revision = controller.targetRevision(canary);

    controller.scaleToZero(canary);

    assertEquals(revision, controller.targetRevision(canary));
    cluster
        .client
        .apps()
        .daemonSets()
        .inNamespace("monitoring")
        .withName("node-agent")
        .edit(
            ds -> {
              ds.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("prom/node-exporter:v1.8.0");
              return ds;
            });
    assertNotEquals(revision, controller.targetRevision(canary));
  }

  @Test
  void aDaemonSetWithoutNodeSelectorHasTheSameRevisionScaledToZero() {
    cluster.create(MockCluster.daemonSet("node-agent", "monitoring").build());
    String revision = controller.targetRevision(canary);

    controller.scaleToZero(canary);

    assertEquals(revision, controller.targetRevision(canary));
  }

  @Test
  void promoteCopiesTheTemplateWithoutTheScaleToZeroSelector() {
    createConfig();
    cluster.create(nodeAgent().build());
    controller.initialize(canary);
    String firstId =
        primary().getSpec().getTemplate().getMetadata().getAnnotations().get("flagger-id");
    controller.scaleToZero(canary);
    cluster
        .client
        .apps()
        .daemonSets()
        .inNamespace("monitoring")
        .withName("node-agent")
        .edit(
            ds -> {
              ds.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("prom/node-exporter:v1.8.0");
              ds.getSpec().setMinReadySeconds(20);
              return ds;
            });

    controller.promote(canary);

    DaemonSet primary = primary();
    assertEquals(
        "prom/node-exporter:v1.8.0",
        primary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertEquals(
        Map.of("kubernetes.io/os", "linux"),
        primary.getSpec().getTemplate().getSpec().getNodeSelector());
    assertNotEquals(
        firstId, primary.getSpec().getTemplate().getMetadata().getAnnotations().get("flagger-id"));
    assertEquals(20, primary.getSpec().getMinReadySeconds());
  }

  @Test
  void readinessComesFromTheDaemonSetStatus() {
    createConfig();
    cluster.create(
        nodeAgent()
            .withStatus(
                new DaemonSetStatusBuilder()
                    .withObservedGeneration(1L)
                    .withDesiredNumberScheduled(3)
                    .withUpdatedNumberScheduled(3)
                    .withNumberAvailable(2)
                    .build())
            .build());

    assertEquals(
        Readiness.waiting(
            "waiting for rollout to finish: 2 of 3 (readyThreshold 100%) updated pods are"
                + " available"),
        controller.canaryReadiness(canary));
  }

  @Test
  void selectorOfADaemonSet() {
    cluster.create(nodeAgent().build());

    assertEquals(Map.entry("name", "node-agent"), controller.selector(canary));
  }
}
