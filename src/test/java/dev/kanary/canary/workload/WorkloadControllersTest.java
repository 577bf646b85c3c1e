package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kanary.api.v1beta1.Canary;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The choice of a workload controller by the kind of the target. */
class WorkloadControllersTest {

  private MockCluster cluster;
  private WorkloadControllers controllers;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    controllers =
        new WorkloadControllers(cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void choosesByTheKindOfTheTarget() {
    Canary backend = cluster.canary("backend-canary.yaml");
    Canary nodeAgent = cluster.canary("daemonset-canary.yaml");

    assertInstanceOf(DeploymentController.class, controllers.forCanary(backend));
    assertInstanceOf(DaemonSetController.class, controllers.forCanary(nodeAgent));
    assertSame(controllers.forCanary(backend), controllers.forCanary(backend));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Service", "StatefulSet", "deployment"})
  void rejectsTheOtherKinds(String kind) {
    Canary canary = cluster.canary("backend-canary.yaml");
    canary.getSpec().targetRef.kind = kind;

    assertEquals(
        "target kind " + kind + " is not supported yet",
        assertThrows(WorkloadException.class, () -> controllers.forCanary(canary)).getMessage());
  }
}
