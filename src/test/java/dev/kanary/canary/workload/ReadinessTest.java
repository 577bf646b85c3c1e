package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flagger's readiness rules, with their messages, for Deployments and DaemonSets. */
class ReadinessTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private static MockCluster cluster;
  private static DeploymentController deployments;
  private static DaemonSetController daemonSets;

  @BeforeAll
  static void controllers() {
    cluster = new MockCluster();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    deployments =
        new DeploymentController(
            cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true, clock);
    daemonSets =
        new DaemonSetController(
            cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true, clock);
  }

  @AfterAll
  static void close() {
    cluster.close();
  }

  private static Canary canary(int progressDeadlineSeconds, String lastTransitionTime) {
    Canary canary = new Canary();
    canary.setSpec(new CanarySpec());
    canary.getSpec().progressDeadlineSeconds = progressDeadlineSeconds;
    canary.setStatus(new CanaryStatus());
    canary.getStatus().lastTransitionTime = lastTransitionTime;
    return canary;
  }

  private static DeploymentBuilder deployment(
      long generation, long observed, int desired, int replicas, int updated, int available) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("backend")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(desired)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(replicas)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .endStatus();
  }

  @ParameterizedTest(
      name = "gen {0}/{1} desired {2} replicas {3} updated {4} available {5} at {6}%")
  @CsvSource(
      delimiter = '|',
      value = {
        "2|1|2|2|2|2|100|waiting for rollout to finish: observed deployment generation less than"
            + " desired generation",
        "1|1|3|3|1|1|100|waiting for rollout to finish: 1 out of 3 new replicas have been updated",
        "1|1|2|3|2|2|100|waiting for rollout to finish: 1 old replicas are pending termination",
        "1|1|2|2|2|1|100|waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated"
            + " replicas are available",
        "1|1|5|5|5|3|80|waiting for rollout to finish: 3 of 4 (readyThreshold 80%) updated"
            + " replicas are available",
        "1|1|3|3|3|0|50|waiting for rollout to finish: 0 of 1 (readyThreshold 50%) updated"
            + " replicas are available",
        "1|1|5|5|5|4|80|",
        "1|1|3|3|3|1|50|",
        "1|1|2|2|2|2|100|",
        "1|1|0|0|0|0|100|",
        "1|2|2|2|2|2|100|",
      })
  void deploymentReadiness(
      long generation,
      long observed,
      int desired,
      int replicas,
      int updated,
      int available,
      int threshold,
      String message) {
    Deployment deployment =
        deployment(generation, observed, desired, replicas, updated, available).build();

    Readiness readiness = deployments.readiness(canary(600, null), deployment, threshold);

    assertEquals(message == null ? Readiness.READY : Readiness.waiting(message), readiness);
  }

  @Test
  void aDeploymentPastItsProgressDeadlineHasFailed() {
    Deployment deployment =
        deployment(1, 1, 2, 2, 2, 2)
            .editStatus()
            .addToConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .build())
            .endStatus()
            .build();

    assertEquals(
        Readiness.failed("deployment \"backend\" exceeded its progress deadline"),
        deployments.readiness(canary(600, null), deployment, 100));
  }

  @ParameterizedTest(name = "unavailable since {0}s with deadline 60s: retriable {1}")
  @CsvSource({"59, true", "61, false"})
  void aDeploymentLackingItsMinimumAvailabilityTooLongIsNoLongerRetriable(
      int secondsAgo, boolean retriable) {
    Deployment deployment =
        deployment(1, 1, 2, 2, 2, 1)
            .editStatus()
            .addToConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("True")
                    .withReason("ReplicaSetUpdated")
                    .build(),
                new DeploymentConditionBuilder()
                    .withType("Available")
                    .withStatus("False")
                    .withReason("MinimumReplicasUnavailable")
                    .withLastUpdateTime(NOW.minusSeconds(secondsAgo).toString())
                    .build())
            .endStatus()
            .build();

    assertEquals(
        new Readiness(
            false,
            retriable,
            "waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated replicas are"
                + " available"),
        deployments.readiness(canary(60, null), deployment, 100));
  }

  private static DaemonSet daemonSet(
      long generation, long observed, int desired, int updated, int available) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("node-agent")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withDesiredNumberScheduled(desired)
        .withUpdatedNumberScheduled(updated)
        .withNumberAvailable(available)
        .endStatus()
        .build();
  }

  @ParameterizedTest(name = "gen {0}/{1} desired {2} updated {3} available {4} at {5}%")
  @CsvSource(
      delimiter = '|',
      value = {
        "2|1|3|3|3|100|waiting for rollout to finish: observed daemonset generation less than"
            + " desired generation",
        "1|1|3|1|1|100|waiting for rollout to finish: 1 out of 3 new pods have been updated",
        "1|1|3|3|2|100|waiting for rollout to finish: 2 of 3 (readyThreshold 100%) updated pods"
            + " are available",
        "1|1|4|4|2|75|waiting for rollout to finish: 2 of 3 (readyThreshold 75%) updated pods are"
            + " available",
        "1|1|4|4|3|75|",
        "1|1|3|3|3|100|",
        "1|1|0|0|0|100|",
      })
  void daemonSetReadiness(
      long generation,
      long observed,
      int desired,
      int updated,
      int available,
      int threshold,
      String message) {
    Readiness readiness =
        daemonSets.readiness(
            canary(300, NOW.minusSeconds(10).toString()),
            daemonSet(generation, observed, desired, updated, available),
            threshold);

    assertEquals(message == null ? Readiness.READY : Readiness.waiting(message), readiness);
  }

  @ParameterizedTest(name = "last transition {0}s ago with deadline 300s")
  @CsvSource({
    "299, false, 1|1|3|1|1",
    "301, true, 1|1|3|1|1",
    "301, true, 1|1|3|3|2",
    "3000, false, 1|1|3|3|3",
  })
  void aDaemonSetNotReadyForLongerThanTheDeadlineHasFailed(
      int secondsAgo, boolean failed, String numbers) {
    String[] n = numbers.split("\\|");
    DaemonSet daemonSet =
        daemonSet(
            Long.parseLong(n[0]),
            Long.parseLong(n[1]),
            Integer.parseInt(n[2]),
            Integer.parseInt(n[3]),
            Integer.parseInt(n[4]));

    Readiness readiness =
        daemonSets.readiness(canary(300, NOW.minusSeconds(secondsAgo).toString()), daemonSet, 100);

    if (failed) {
      assertEquals(
          Readiness.failed("daemonset \"node-agent\" exceeded its progress deadline"), readiness);
    } else {
      assertTrue(readiness.retriable());
    }
  }
}
