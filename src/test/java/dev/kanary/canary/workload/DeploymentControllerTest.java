package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AutoscalerReference;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Deployment controller against a mock API server: primary bootstrap, promotion, scaling. */
class DeploymentControllerTest {

  private MockCluster cluster;
  private Canary canary;
  private DeploymentController controller;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    canary = cluster.canary("backend-canary.yaml");
    canary.getSpec().autoscalerRef = null;
    controller = controller(List.of());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private DeploymentController controller(List<String> includeLabelPrefix) {
    return new DeploymentController(
        cluster.client, MockCluster.SELECTOR_LABELS, includeLabelPrefix, true);
  }

  /** The tutorial's backend, with Flux labels and annotations and the usual rollout settings. */
  private static DeploymentBuilder backend() {
    return MockCluster.deployment("backend", "prod")
        .editMetadata()
        .addToLabels("team", "payments")
        .addToLabels("app.kubernetes.io/part-of", "shop")
        .addToLabels("kustomize.toolkit.fluxcd.io/name", "apps")
        .addToAnnotations("owner", "payments@example.com")
        .addToAnnotations("kustomize.toolkit.fluxcd.io/checksum", "abc")
        .endMetadata()
        .editSpec()
        .withReplicas(3)
        .withProgressDeadlineSeconds(60)
        .withMinReadySeconds(5)
        .withRevisionHistoryLimit(3)
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(0)
        .endRollingUpdate()
        .endStrategy()
        .editTemplate()
        .editMetadata()
        .addToLabels("version", "v1")
        .addToLabels("helm.toolkit.fluxcd.io/name", "backend")
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("flagger-id", "stale")
        .endMetadata()
        .endTemplate()
        .endSpec();
  }

  private Deployment primary() {
    return cluster.deployment(canary, "backend-primary");
  }

  private Deployment target() {
    return cluster.deployment(canary, "backend");
  }

  @Test
  void createsThePrimaryWithItsOwnSelectorLabelsAndOwner() {
    Deployment target = cluster.create(backend().build());

    controller.initialize(canary);

    Deployment primary = primary();
    assertEquals(Map.of("app", "backend-primary"), primary.getMetadata().getLabels());
    assertEquals(Map.of("owner", "payments@example.com"), primary.getMetadata().getAnnotations());
    OwnerReference owner = primary.getMetadata().getOwnerReferences().get(0);
    assertEquals(1, primary.getMetadata().getOwnerReferences().size());
    assertEquals("flagger.app/v1beta1", owner.getApiVersion());
    assertEquals("Canary", owner.getKind());
    assertEquals("backend", owner.getName());
    assertEquals(canary.getMetadata().getUid(), owner.getUid());
    assertTrue(owner.getController());
    assertTrue(owner.getBlockOwnerDeletion());
    assertEquals(3, primary.getSpec().getReplicas());
    assertEquals(60, primary.getSpec().getProgressDeadlineSeconds());
    assertEquals(5, primary.getSpec().getMinReadySeconds());
    assertEquals(3, primary.getSpec().getRevisionHistoryLimit());
    assertEquals(target.getSpec().getStrategy(), primary.getSpec().getStrategy());
    assertEquals(
        Map.of("app", "backend-primary"), primary.getSpec().getSelector().getMatchLabels());
    assertEquals(
        Map.of("app", "backend-primary", "version", "v1"),
        primary.getSpec().getTemplate().getMetadata().getLabels());
    Map<String, String> podAnnotations =
        primary.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", podAnnotations.get("prometheus.io/scrape"));
    assertEquals(4, UUID.fromString(podAnnotations.get("flagger-id")).version());
    assertEquals(2, podAnnotations.size());
    assertEquals(
        target.getSpec().getTemplate().getSpec(), primary.getSpec().getTemplate().getSpec());
  }

  static Stream<Arguments> includeLabelPrefixes() {
    return Stream.of(
        Arguments.of(List.of(), Map.of("app", "backend-primary")),
        Arguments.of(List.of(""), Map.of("app", "backend-primary")),
        Arguments.of(
            List.of("*"),
            Map.of(
                "app", "backend-primary",
                "team", "payments",
                "app.kubernetes.io/part-of", "shop")),
        Arguments.of(
            List.of("team", "app.kubernetes.io"),
            Map.of(
                "app", "backend-primary",
                "team", "payments",
                "app.kubernetes.io/part-of", "shop")),
        Arguments.of(List.of("kustomize"), Map.of("app", "backend-primary")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("includeLabelPrefixes")
  void copiesTheLabelsMatchingTheIncludePrefixesButNeverFluxs(
      List<String> prefixes, Map<String, String> expected) {
    cluster.create(backend().build());

    controller(prefixes).initialize(canary);

    assertEquals(expected, primary().getMetadata().getLabels());
  }

  @Test
  void givesThePrimaryOneReplicaWhenTheTargetHasNone() {
    cluster.create(backend().editSpec().withReplicas(0).endSpec().build());

    controller.initialize(canary);

    assertEquals(1, primary().getSpec().getReplicas());
  }

  @Test
  void neverRecreatesOrRewritesAnExistingPrimary() {
    cluster.create(backend().build());
    controller.initialize(canary);
    Deployment first = primary();
    cluster.scale("prod", "backend", 7);

    int before = cluster.requests();
    controller.initialize(canary);

    Deployment second = primary();
    assertEquals(
        first.getMetadata().getResourceVersion(), second.getMetadata().getResourceVersion());
    assertEquals(first.getMetadata().getUid(), second.getMetadata().getUid());
    assertEquals("GET", cluster.lastMethod());
    assertEquals(before + 3, cluster.requests(), "reads the target and the primary, nothing else");
  }

  @Test
  void pointsAntiAffinityAndTopologySpreadSelectorsOfTheTargetAtThePrimary() {
    cluster.create(
        backend()
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewTopologySpreadConstraint()
            .withTopologyKey("topology.kubernetes.io/zone")
            .withMaxSkew(1)
            .withWhenUnsatisfiable("DoNotSchedule")
            .withLabelSelector(
                new LabelSelectorBuilder()
                    .addToMatchLabels("app", "backend")
                    .addToMatchLabels("tier", "backend")
                    .build())
            .endTopologySpreadConstraint()
            .withNewAffinity()
            .withNewPodAntiAffinity()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(100)
            .withNewPodAffinityTerm()
            .withTopologyKey("kubernetes.io/hostname")
            .withLabelSelector(
                new LabelSelectorBuilder()
                    .addToMatchExpressions(
                        new LabelSelectorRequirementBuilder()
                            .withKey("app")
                            .withOperator("In")
                            .withValues("backend", "frontend")
                            .build())
                    .build())
            .endPodAffinityTerm()
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey("kubernetes.io/hostname")
            .withLabelSelector(
                new LabelSelectorBuilder().addToMatchLabels("name", "backend").build())
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .endAffinity()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    controller.initialize(canary);

    PodSpec spec = primary().getSpec().getTemplate().getSpec();
    assertEquals(
        Map.of("app", "backend-primary", "tier", "backend"),
        spec.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels());
    assertEquals(
        List.of("backend-primary", "frontend"),
        spec.getAffinity()
            .getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getPodAffinityTerm()
            .getLabelSelector()
            .getMatchExpressions()
            .get(0)
            .getValues());
    assertEquals(
        Map.of("name", "backend-primary"),
        spec.getAffinity()
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getLabelSelector()
            .getMatchLabels());
  }

  @Test
  void selectorIsTheFirstConfiguredLabelOfTheTargetsSelector() {
    cluster.create(
        backend()
            .editSpec()
            .withNewSelector()
            .addToMatchLabels("app.kubernetes.io/name", "shop-backend")
            .addToMatchLabels("name", "backend-svc")
            .endSelector()
            .endSpec()
            .build());

    assertEquals(Map.entry("name", "backend-svc"), controller.selector(canary));
  }

  @Test
  void selectorRequiresOneOfTheConfiguredLabels() {
    cluster.create(
        backend()
            .editSpec()
            .withNewSelector()
            .addToMatchLabels("component", "backend")
            .endSelector()
            .endSpec()
            .build());

    WorkloadException error =
        assertThrows(WorkloadException.class, () -> controller.selector(canary));
    assertEquals(
        "backend.prod spec.selector.matchLabels must contain one of [app, name,"
            + " app.kubernetes.io/name]",
        error.getMessage());
    assertThrows(WorkloadException.class, () -> controller.initialize(canary));
    assertNull(primary());
  }

  @Test
  void aMissingTargetIsAnError() {
    WorkloadException error =
        assertThrows(WorkloadException.class, () -> controller.initialize(canary));
    assertEquals("deployment backend.prod not found", error.getMessage());
    assertEquals(
        "deployment backend.prod not found",
        assertThrows(WorkloadException.class, () -> controller.targetRevision(canary))
            .getMessage());
  }

  @Test
  void revisionIsAStableHashOfThePodTemplate() {
    cluster.create(backend().build());

    String revision = controller.targetRevision(canary);

    assertTrue(revision.matches("[0-9a-f]{16}"), revision);
    assertEquals(revision, controller.targetRevision(canary));
    assertEquals(
        revision,
        new DeploymentController(cluster.client, MockCluster.SELECTOR_LABELS, List.of(), true)
            .targetRevision(canary));
    cluster.scale("prod", "backend", 0);
    assertEquals(revision, controller.targetRevision(canary), "scaling is not a new revision");
    setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
    String next = controller.targetRevision(canary);
    assertNotEquals(revision, next);
    setImage("ghcr.io/stefanprodan/podinfo:6.0.0");
    assertEquals(revision, controller.targetRevision(canary), "same template, same hash");
  }

  private void setImage(String image) {
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace("prod")
        .withName("backend")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
              return d;
            });
  }

  @Test
  void promoteCopiesTheTemplateMetadataAndReplicasAndForcesARollout() {
    cluster.create(backend().build());
    controller.initialize(canary);
    String firstId = primaryPodAnnotation("flagger-id");
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace("prod")
        .withName("backend")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editMetadata()
                    .addToAnnotations("release", "42")
                    .endMetadata()
                    .editSpec()
                    .withReplicas(4)
                    .withMinReadySeconds(10)
                    .editTemplate()
                    .editMetadata()
                    .addToLabels("version", "v2")
                    .endMetadata()
                    .editSpec()
                    .editFirstContainer()
                    .withImage("ghcr.io/stefanprodan/podinfo:6.0.1")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build());

    controller.promote(canary);

    Deployment primary = primary();
    assertEquals(
        "ghcr.io/stefanprodan/podinfo:6.0.1",
        primary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertEquals(
        Map.of("app", "backend-primary", "version", "v2"),
        primary.getSpec().getTemplate().getMetadata().getLabels());
    assertNotEquals(firstId, primaryPodAnnotation("flagger-id"));
    assertEquals("42", primary.getMetadata().getAnnotations().get("release"));
    assertEquals(Map.of("app", "backend-primary"), primary.getMetadata().getLabels());
    assertEquals(4, primary.getSpec().getReplicas());
    assertEquals(10, primary.getSpec().getMinReadySeconds());
    assertEquals(
        Map.of("app", "backend-primary"), primary.getSpec().getSelector().getMatchLabels());
    assertEquals(
        canary.getMetadata().getUid(), primary.getMetadata().getOwnerReferences().get(0).getUid());
  }

  @Test
  void promoteLeavesTheReplicasToTheAutoscaler() {
    useHpa(2);
    cluster.create(backend().build());
    controller.initialize(canary);
    cluster.scale("prod", "backend", 6);

    controller.promote(canary);

    assertEquals(3, primary().getSpec().getReplicas());
  }

  @Test
  void promoteRequiresThePrimary() {
    cluster.create(backend().build());

    assertEquals(
        "deployment backend-primary.prod not found",
        assertThrows(WorkloadException.class, () -> controller.promote(canary)).getMessage());
  }

  private String primaryPodAnnotation(String key) {
    return primary().getSpec().getTemplate().getMetadata().getAnnotations().get(key);
  }

  /** Gives the canary the tutorial's HPA, with the given minimum. */
  private void useHpa(int minReplicas) {
    AutoscalerReference reference = new AutoscalerReference();
    reference.apiVersion = "autoscaling/v2";
    reference.kind = "HorizontalPodAutoscaler";
    reference.name = "backend";
    canary.getSpec().autoscalerRef = reference;
    cluster.create(
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withName("backend")
            .withNamespace("prod")
            .endMetadata()
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("backend")
            .endScaleTargetRef()
            .withMinReplicas(minReplicas)
            .withMaxReplicas(10)
            .endSpec()
            .build());
  }

  @Test
  void scaleToZeroWritesOnlyWhenTheTargetRuns() {
    cluster.create(backend().build());

    controller.scaleToZero(canary);

    assertEquals("PATCH", cluster.lastMethod());
    assertEquals(0, target().getSpec().getReplicas());
    int before = cluster.requests();
    controller.scaleToZero(canary);
    assertEquals(before + 1, cluster.requests());
    assertEquals("GET", cluster.lastMethod());
  }

  @Test
  void scaleFromZeroKeepsTheTargetsOwnReplicas() {
    cluster.create(backend().build());

    controller.scaleFromZero(canary);

    assertEquals("GET", cluster.lastMethod());
    assertEquals(3, target().getSpec().getReplicas());
  }

  @Test
  void scaleFromZeroUsesThePrimarysReplicasWithoutAnAutoscaler() {
    cluster.create(backend().editSpec().withReplicas(4).endSpec().build());
    controller.initialize(canary);
    controller.scaleToZero(canary);

    controller.scaleFromZero(canary);

    assertEquals(4, target().getSpec().getReplicas());
  }

  @Test
  void scaleFromZeroUsesOneWhenThereIsNeitherAutoscalerNorPrimary() {
    cluster.create(backend().editSpec().withReplicas(0).endSpec().build());

    controller.scaleFromZero(canary);

    assertEquals(1, target().getSpec().getReplicas());
  }

  @ParameterizedTest(name = "HPA minReplicas {0} -> {1}")
  @MethodSource("autoscalerMinimums")
  void scaleFromZeroUsesTheAutoscalersMinimumAboveOne(int minReplicas, int expected) {
    useHpa(minReplicas);
    cluster.create(backend().editSpec().withReplicas(4).endSpec().build());
    controller.initialize(canary);
    controller.scaleToZero(canary);

    controller.scaleFromZero(canary);

    assertEquals(expected, target().getSpec().getReplicas());
  }

  static Stream<Arguments> autoscalerMinimums() {
    return Stream.of(Arguments.of(3, 3), Arguments.of(2, 2), Arguments.of(1, 1));
  }

  @Test
  void finalizeGivesTheTargetThePrimarysReplicas() {
    cluster.create(backend().build());
    controller.initialize(canary);
    controller.scaleToZero(canary);
    cluster.scale("prod", "backend-primary", 5);

    controller.finalize(canary);

    assertEquals(5, target().getSpec().getReplicas());
    int before = cluster.requests();
    controller.finalize(canary);
    assertEquals(before + 2, cluster.requests(), "already at the primary's replicas: no write");
  }

  @Test
  void finalizeWithoutPrimaryScalesFromZero() {
    useHpa(2);
    cluster.create(backend().editSpec().withReplicas(0).endSpec().build());

    controller.finalize(canary);

    assertEquals(2, target().getSpec().getReplicas());
  }

  @Test
  void readinessReadsTheThresholdsOfTheCanary() {
    Canary podinfo = cluster.canary("hpa-canary.yaml");
    podinfo.getSpec().autoscalerRef = null;
    Deployment rolledOut =
        MockCluster.deployment("podinfo", "test")
            .editSpec()
            .withReplicas(5)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(1L)
            .withReplicas(5)
            .withUpdatedReplicas(5)
            .withAvailableReplicas(4)
            .endStatus()
            .build();
    cluster.create(rolledOut);
    cluster.create(
        new DeploymentBuilder(rolledOut)
            .editMetadata()
            .withName("podinfo-primary")
            .endMetadata()
            .build());

    assertEquals(Readiness.READY, controller.canaryReadiness(podinfo));
    Readiness primary = controller.primaryReadiness(podinfo);
    assertEquals(
        Readiness.waiting(
            "waiting for rollout to finish: 4 of 5 (readyThreshold 100%) updated replicas are"
                + " available"),
        primary);
  }

  @Test
  void readinessOfAMissingPrimaryIsAnError() {
    cluster.create(backend().build());

    assertEquals(
        "deployment backend-primary.prod not found",
        assertThrows(WorkloadException.class, () -> controller.primaryReadiness(canary))
            .getMessage());
    assertNotNull(controller.canaryReadiness(canary));
  }

  @Test
  void scaledObjectsAreNotSupportedYet() {
    AutoscalerReference reference = new AutoscalerReference();
    reference.apiVersion = "keda.sh/v1alpha1";
    reference.kind = "ScaledObject";
    reference.name = "backend";
    canary.getSpec().autoscalerRef = reference;
    cluster.create(backend().build());

    assertEquals(
        "ScaledObject autoscalers are not supported yet",
        assertThrows(WorkloadException.class, () -> controller.initialize(canary)).getMessage());
  }
}
