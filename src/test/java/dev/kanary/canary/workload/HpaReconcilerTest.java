package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The primary's copy of the target's HorizontalPodAutoscaler. */
class HpaReconcilerTest {

  private MockCluster cluster;
  private Canary canary;
  private DeploymentController controller;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    canary = cluster.canary("hpa-canary.yaml");
    controller =
        new DeploymentController(cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true);
    cluster.create(MockCluster.deployment("podinfo", "test").build());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static HorizontalPodAutoscaler podinfoHpa(int cpu) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("podinfo")
        .withNamespace("test")
        .addToLabels("app", "podinfo")
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("podinfo")
        .endScaleTargetRef()
        .withMinReplicas(1)
        .withMaxReplicas(4)
        .withMetrics(
            new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(cpu)
                .endTarget()
                .endResource()
                .build())
        .withNewBehavior()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(300)
        .endScaleDown()
        .endBehavior()
        .endSpec()
        .build();
  }

  private HorizontalPodAutoscaler hpa(String name) {
    return cluster
        .client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("test")
        .withName(name)
        .get();
  }

  private void setCpu(int cpu) {
    cluster
        .client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("test")
        .withName("podinfo")
        .edit(
            hpa -> {
              hpa.getSpec()
                  .getMetrics()
                  .get(0)
                  .getResource()
                  .getTarget()
                  .setAverageUtilization(cpu);
              return hpa;
            });
  }

  @Test
  void initializeCopiesTheHpaForThePrimaryWithThePrimarysReplicaBounds() {
    HorizontalPodAutoscaler target = cluster.create(podinfoHpa(80));

    controller.initialize(canary);

    HorizontalPodAutoscaler primary = hpa("podinfo-primary");
    assertEquals("podinfo-primary", primary.getSpec().getScaleTargetRef().getName());
    assertEquals("Deployment", primary.getSpec().getScaleTargetRef().getKind());
    assertEquals("apps/v1", primary.getSpec().getScaleTargetRef().getApiVersion());
    assertEquals(2, primary.getSpec().getMinReplicas());
    assertEquals(5, primary.getSpec().getMaxReplicas());
    assertEquals(target.getSpec().getMetrics(), primary.getSpec().getMetrics());
    assertEquals(target.getSpec().getBehavior(), primary.getSpec().getBehavior());
    assertEquals("podinfo", primary.getMetadata().getOwnerReferences().get(0).getName());
    assertTrue(primary.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals(Map.of(), primary.getMetadata().getLabels());
    assertEquals(
        target.getMetadata().getResourceVersion(),
        hpa("podinfo").getMetadata().getResourceVersion(),
        "the target's HPA is never touched");
  }

  @Test
  void withoutPrimaryBoundsTheTargetsBoundsAreCopied() {
    canary.getSpec().autoscalerRef.primaryScalerReplicas = null;
    cluster.create(podinfoHpa(80));

    controller.initialize(canary);

    assertEquals(1, hpa("podinfo-primary").getSpec().getMinReplicas());
    assertEquals(4, hpa("podinfo-primary").getSpec().getMaxReplicas());
  }

  @Test
  void initializeOnlyCreates() {
    cluster.create(podinfoHpa(80));
    controller.initialize(canary);
    String version = hpa("podinfo-primary").getMetadata().getResourceVersion();
    setCpu(60);

    controller.initialize(canary);

    HorizontalPodAutoscaler primary = hpa("podinfo-primary");
    assertEquals(version, primary.getMetadata().getResourceVersion());
    assertEquals(
        80,
        primary.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
  }

  @Test
  void promoteUpdatesThePrimaryHpaOnlyWhenTheTargetsChanged() {
    cluster.create(podinfoHpa(80));
    controller.initialize(canary);
    String version = hpa("podinfo-primary").getMetadata().getResourceVersion();

    controller.promote(canary);
    assertEquals(version, hpa("podinfo-primary").getMetadata().getResourceVersion());

    setCpu(60);
    controller.promote(canary);

    HorizontalPodAutoscaler primary = hpa("podinfo-primary");
    assertEquals(
        60,
        primary.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    assertEquals(2, primary.getSpec().getMinReplicas());
    assertEquals(5, primary.getSpec().getMaxReplicas());
    String updated = primary.getMetadata().getResourceVersion();
    controller.promote(canary);
    assertEquals(updated, hpa("podinfo-primary").getMetadata().getResourceVersion());
  }

  @Test
  void promoteAppliesChangedPrimaryBounds() {
    cluster.create(podinfoHpa(80));
    controller.initialize(canary);
    canary.getSpec().autoscalerRef.primaryScalerReplicas.maxReplicas = 8;

    controller.promote(canary);

    assertEquals(8, hpa("podinfo-primary").getSpec().getMaxReplicas());
  }

  @Test
  void aMissingTargetHpaIsAnError() {
    assertEquals(
        "HorizontalPodAutoscaler podinfo.test not found",
        assertThrows(WorkloadException.class, () -> controller.initialize(canary)).getMessage());
  }

  @Test
  void quantitiesInMetricsDoNotLookLikeChanges() {
    HorizontalPodAutoscaler target =
        new HorizontalPodAutoscalerBuilder(podinfoHpa(80))
            .editSpec()
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName("memory")
            .withNewTarget()
            .withType("AverageValue")
            .withAverageValue(new Quantity("512Mi"))
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec()
            .build();
    cluster.create(target);

    controller.initialize(canary);
    String version = hpa("podinfo-primary").getMetadata().getResourceVersion();
    controller.promote(canary);

    assertEquals(2, hpa("podinfo-primary").getSpec().getMetrics().size());
    assertEquals(version, hpa("podinfo-primary").getMetadata().getResourceVersion());
  }
}
