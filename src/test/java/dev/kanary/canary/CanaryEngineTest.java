package dev.kanary.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.api.v1beta1.status.CheckResult;
import dev.kanary.api.v1beta1.status.Condition;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.router.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The engine's behaviour, step by step, with fakes and a virtual clock. */
class CanaryEngineTest {

  @Test
  void initializesThenPromotesAWeightedCanaryInFiveStepsUpToFifty() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.stepUntil(CanaryPhase.INITIALIZED);
    assertEquals(
        List.of("all the metrics providers are available!", "Initialization done! backend.prod"),
        h.events.messages);
    assertEquals(0, h.workloads.targetReplicas);
    assertEquals(h.workloads.revision, h.canary.getStatus().lastPromotedSpec);
    assertEquals(List.of("INFO New Deployment detected, initialization completed."), h.alerts.sent);

    h.workloads.revision = "00000000000000b2";
    int mark = h.mark();
    h.stepUntil(CanaryPhase.SUCCEEDED);

    List<String> expected = new ArrayList<>();
    expected.add("New revision detected! Scaling up backend.prod");
    expected.add("Starting canary analysis for backend.prod");
    IntStream.rangeClosed(1, 10)
        .forEach(i -> expected.add("Advance backend.prod canary weight " + i * 5));
    expected.add("Copying backend.prod template spec to backend-primary.prod");
    expected.add("Routing all traffic to primary");
    expected.add("Promotion completed! Scaling down backend.prod");
    assertEquals(expected, h.eventsSince(mark));
    assertEquals(List.of(5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 0), h.router.canaryWeights());
    assertEquals("00000000000000b2", h.canary.getStatus().lastPromotedSpec);
    assertEquals("00000000000000b2", h.workloads.primaryRevision);
    assertEquals(0, h.workloads.targetReplicas);
    assertTrue(h.alerts.sent.contains("INFO New revision detected, progressing canary analysis."));
    assertTrue(
        h.alerts.sent.contains("INFO Canary analysis completed successfully, promotion finished."));
    Condition promoted = h.canary.getStatus().conditions.get(0);
    assertEquals("True", promoted.status);
    assertEquals("Succeeded", promoted.reason);
  }

  @Test
  void recordsEveryCheckOfTheLastAnalysisInStatus() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.initializeAndChangeRevision();
    h.steps(3);
    var record = h.canary.getStatus().lastAnalysis;
    assertEquals("Advanced", record.decision);
    assertEquals(
        List.of("load-test", "request-success-rate", "request-duration"),
        record.checks.stream().map(c -> c.name).toList());
    CheckResult success = record.checks.get(1);
    assertEquals(99.0, success.min);
    assertEquals("Passed", success.verdict);
    assertEquals(100.0, success.value);
  }

  @Test
  void rollsBackWhenFailedChecksReachTheThreshold() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.threshold = 2;
    h.initializeAndChangeRevision();
    h.steps(3);
    h.metrics.values.put("request-success-rate", 69.17);
    int mark = h.mark();
    h.stepUntil(CanaryPhase.FAILED);
    assertEquals(
        List.of(
            "Halt backend.prod advancement request-success-rate 69.17 < 99.0",
            "Halt backend.prod advancement request-success-rate 69.17 < 99.0",
            "W Rolling back backend.prod failed checks threshold reached 2",
            "W Canary failed! Scaling down backend.prod"),
        h.eventsSince(mark));
    assertEquals(Routes.ALL_PRIMARY, h.router.routes);
    assertEquals(0, h.workloads.targetReplicas);
    assertEquals(0, h.canary.getStatus().canaryWeight);
    assertEquals(2, h.canary.getStatus().failedChecks);
    assertEquals("RolledBack", h.canary.getStatus().lastAnalysis.decision);
    assertTrue(h.alerts.sent.contains("ERROR Failed checks threshold reached 2"));
    assertEquals("00000000000000a1", h.workloads.primaryRevision, "primary keeps the old revision");
  }

  @Test
  void exportsFlaggersMetricsAlongTheRollout() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.threshold = 1;
    h.initializeAndChangeRevision();
    h.metrics.values.put("request-duration", 250.0);
    h.steps(3);
    assertEquals(0.0, gauge(h, "flagger.canary.status", "name", "backend"));
    assertEquals(10.0, gauge(h, "flagger.canary.weight", "workload", "backend"));
    assertEquals(90.0, gauge(h, "flagger.canary.weight", "workload", "backend-primary"));
    assertEquals(0.25, gauge(h, "flagger.canary.metric.analysis", "metric", "request-duration"));
    assertTrue(h.registry.get("flagger.canary.duration").timer().count() >= 2);
    h.metrics.values.put("request-duration", 900.0);
    h.stepUntil(CanaryPhase.FAILED);
    assertEquals(2.0, gauge(h, "flagger.canary.status", "name", "backend"));
    assertEquals(
        1.0,
        h.registry
            .get("flagger.canary.failures")
            .tags("deployment_strategy", "canary", "analysis_status", "completed")
            .counter()
            .count());
    assertEquals(1.0, gauge(h, "flagger.info", "mesh_provider", "istio"));
  }

  private static double gauge(EngineHarness h, String name, String tag, String value) {
    return h.registry.get(name).tag(tag, value).gauge().value();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "backend-canary.yaml",
        "frontend-canary.yaml",
        "bluegreen-canary.yaml",
        "mirroring-canary.yaml",
        "stepweights-canary.yaml"
      })
  void everyStrategyRollsBackAtTheThresholdAndKeepsThePrimary(String manifest) {
    EngineHarness h = new EngineHarness(manifest);
    h.initializeAndChangeRevision();
    h.steps(3);
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    h.metrics.values.put("request-success-rate", 50.0);
    h.stepUntil(CanaryPhase.FAILED);
    assertEquals(Routes.ALL_PRIMARY, h.router.routes);
    assertEquals(0, h.workloads.targetReplicas);
    assertEquals("00000000000000a1", h.workloads.primaryRevision);
    assertEquals(h.settingsThreshold(), h.canary.getStatus().failedChecks);
    assertTrue(
        h.events.messages.contains("W Canary failed! Scaling down " + h.name()),
        h.events.messages.toString());
  }

  @Test
  void rollsBackWhenTheRollbackWebhookSaysSo() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.webhooks.add(hook("abort", "rollback"));
    h.webhooks.refuse("abort");
    h.initializeAndChangeRevision();
    h.steps(4);
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    h.webhooks.accept("abort");
    int mark = h.mark();
    h.step();
    assertEquals(CanaryPhase.FAILED, h.phase());
    assertEquals(
        List.of(
            "W Rollback check abort passed",
            "W Rolling back backend.prod manual webhook invoked",
            "W Canary failed! Scaling down backend.prod"),
        h.eventsSince(mark));
    assertTrue(h.alerts.sent.contains("WARN Rolling back manual webhook invoked"));
  }

  @Test
  void rollsBackACanaryThatNeverBecomesReady() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.initializeAndChangeRevision();
    h.step();
    h.workloads.canary =
        Readiness.waiting("waiting for rollout to finish: 0 of 2 updated replicas are available");
    h.steps(3);
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    h.workloads.canary = Readiness.failed("deployment \"backend\" exceeded its progress deadline");
    int mark = h.mark();
    h.step();
    assertEquals(CanaryPhase.FAILED, h.phase());
    assertEquals(
        List.of(
            "W canary deployment backend.prod not ready: deployment \"backend\" exceeded its progress deadline",
            "W Rolling back backend.prod progress deadline exceeded deployment \"backend\" exceeded its progress deadline",
            "W Canary failed! Scaling down backend.prod"),
        h.eventsSince(mark));
  }

  @Test
  void waitsForConfirmRolloutThenProceeds() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.webhooks.add(hook("gate", "confirm-rollout"));
    h.webhooks.refuse("gate");
    h.initializeAndChangeRevision();
    h.steps(3);
    assertEquals(CanaryPhase.WAITING, h.phase());
    assertEquals(0, h.workloads.targetReplicas, "not scaled up while waiting");
    assertEquals(List.of("WARN Canary is waiting for approval."), alertsWith(h, "WARN"));
    h.webhooks.accept("gate");
    h.step();
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    h.stepUntil(CanaryPhase.SUCCEEDED);
  }

  @Test
  void holdsTheWeightWhileConfirmTrafficIncreaseRefuses() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.webhooks.add(hook("more", "confirm-traffic-increase"));
    h.initializeAndChangeRevision();
    h.steps(3);
    assertEquals(10, h.router.routes.canaryWeight());
    h.webhooks.refuse("more");
    h.steps(4);
    assertEquals(10, h.router.routes.canaryWeight());
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    assertEquals("Waiting", h.canary.getStatus().lastAnalysis.decision);
    h.webhooks.accept("more");
    h.step();
    assertEquals(15, h.router.routes.canaryWeight());
  }

  @Test
  void waitsForConfirmPromotionWhileTheAnalysisGoesOn() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.webhooks.add(hook("promote", "confirm-promotion"));
    h.webhooks.refuse("promote");
    h.initializeAndChangeRevision();
    h.stepUntil(CanaryPhase.WAITING_PROMOTION);
    assertEquals(50, h.router.routes.canaryWeight());
    int evaluations = h.metrics.evaluations;
    h.steps(3);
    assertEquals(CanaryPhase.WAITING_PROMOTION, h.phase());
    assertTrue(h.metrics.evaluations > evaluations, "metrics keep being checked");
    assertEquals(1, alertsWith(h, "WARN").size(), "one alert, not one per step");
    h.webhooks.accept("promote");
    h.stepUntil(CanaryPhase.SUCCEEDED);
  }

  @Test
  void restartsTheAnalysisWhenANewRevisionArrivesMidway() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.initializeAndChangeRevision();
    h.steps(4);
    assertEquals(15, h.router.routes.canaryWeight());
    h.workloads.revision = "00000000000000c3";
    int mark = h.mark();
    h.step();
    assertEquals(
        List.of("New revision detected! Restarting analysis for backend.prod"),
        h.eventsSince(mark));
    assertEquals(Routes.ALL_PRIMARY, h.router.routes);
    assertEquals(0, h.canary.getStatus().canaryWeight);
    assertEquals("00000000000000c3", h.canary.getStatus().lastAppliedSpec);
    h.stepUntil(CanaryPhase.SUCCEEDED);
    assertEquals("00000000000000c3", h.workloads.primaryRevision);
  }

  @Test
  void doesNothingWhileSuspended() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.initializeAndChangeRevision();
    h.steps(3);
    h.canary.getSpec().suspend = true;
    int mark = h.mark();
    h.steps(3);
    assertEquals(
        List.of(
            "skipping canary run as object is suspended",
            "skipping canary run as object is suspended",
            "skipping canary run as object is suspended"),
        h.eventsSince(mark));
    assertEquals(10, h.router.routes.canaryWeight());
    h.canary.getSpec().suspend = false;
    h.step();
    assertEquals(15, h.router.routes.canaryWeight());
  }

  @Test
  void promotesAtOnceWithSkipAnalysis() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().skipAnalysis = true;
    h.initializeAndChangeRevision();
    int mark = h.mark();
    h.steps(2);
    assertEquals(CanaryPhase.SUCCEEDED, h.phase());
    assertEquals(
        List.of(
            "New revision detected! Scaling up backend.prod",
            "Promotion completed! Canary analysis was skipped for backend.prod"),
        h.eventsSince(mark));
    assertEquals(0, h.metrics.evaluations);
    assertEquals("00000000000000b2", h.workloads.primaryRevision);
  }

  @Test
  void aChangedConfigMapStartsARollout() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.workloads.configs.put("configmap/backend-config", "aaaa");
    h.stepUntil(CanaryPhase.INITIALIZED);
    h.steps(2);
    assertEquals(CanaryPhase.INITIALIZED, h.phase());
    h.workloads.configs.put("configmap/backend-config", "bbbb");
    h.step();
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
  }

  @Test
  void aFailedCanaryIsRetriedByANewRevisionButNotByItself() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.threshold = 1;
    h.initializeAndChangeRevision();
    h.steps(2);
    h.metrics.values.put("request-duration", 1500.0);
    h.stepUntil(CanaryPhase.FAILED);
    h.steps(3);
    assertEquals(CanaryPhase.FAILED, h.phase(), "the same revision does not trigger again");
    h.metrics.values.clear();
    h.workloads.revision = "00000000000000d4";
    h.step();
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
    h.stepUntil(CanaryPhase.SUCCEEDED);
  }

  @Test
  void revertingTheTargetToThePromotedRevisionDoesNotTrigger() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.canary.getSpec().analysis.threshold = 1;
    h.initializeAndChangeRevision();
    h.steps(2);
    h.metrics.values.put("request-duration", 1500.0);
    h.stepUntil(CanaryPhase.FAILED);
    h.workloads.revision = "00000000000000a1";
    h.steps(3);
    assertEquals(CanaryPhase.FAILED, h.phase());
    assertEquals("00000000000000a1", h.canary.getStatus().lastAppliedSpec);
  }

  @Test
  void runsAnAbTestForItsIterations() {
    EngineHarness h = new EngineHarness("frontend-canary.yaml");
    h.initializeAndChangeRevision();
    int mark = h.mark();
    h.stepUntil(CanaryPhase.SUCCEEDED);
    List<String> expected = new ArrayList<>();
    expected.add("New revision detected! Scaling up frontend.prod");
    expected.add("Starting canary analysis for frontend.prod");
    IntStream.rangeClosed(1, 10)
        .forEach(i -> expected.add("Advance frontend.prod canary iteration " + i + "/10"));
    expected.add("Copying frontend.prod template spec to frontend-primary.prod");
    expected.add("Routing all traffic to primary");
    expected.add("Promotion completed! Scaling down frontend.prod");
    assertEquals(expected, h.eventsSince(mark));
    assertEquals(List.of(100, 0), h.router.canaryWeights());
  }

  @Test
  void runsBlueGreenWithoutAMeshOnTheKubernetesProvider() {
    EngineHarness h = new EngineHarness("bluegreen-canary.yaml");
    h.initializeAndChangeRevision();
    int mark = h.mark();
    h.stepUntil(CanaryPhase.SUCCEEDED);
    List<String> expected = new ArrayList<>();
    expected.add("New revision detected! Scaling up podinfo.test");
    expected.add("Starting canary analysis for podinfo.test");
    expected.add("Pre-rollout check smoke-test passed");
    IntStream.rangeClosed(1, 10)
        .forEach(i -> expected.add("Advance podinfo.test canary iteration " + i + "/10"));
    expected.add("Copying podinfo.test template spec to podinfo-primary.test");
    expected.add("Promotion completed! Scaling down podinfo.test");
    assertEquals(expected, h.eventsSince(mark));
    assertEquals(List.of(), h.router.history, "no traffic routing without a mesh");
  }

  @Test
  void mirrorsThenRoutesAllTrafficToABlueGreenCanary() {
    EngineHarness h = new EngineHarness("mirroring-canary.yaml");
    h.initializeAndChangeRevision();
    int mark = h.mark();
    h.stepUntil(CanaryPhase.SUCCEEDED);
    List<String> events = h.eventsSince(mark);
    assertTrue(
        events.contains("Stop traffic mirroring and route all traffic to canary"),
        events.toString());
    assertEquals(
        List.of(new Routes(100, 0, true), new Routes(0, 100, false), Routes.ALL_PRIMARY),
        h.router.history);
  }

  @Test
  void climbsTheStepWeightLadderAndShiftsBackGradually() {
    EngineHarness h = new EngineHarness("stepweights-canary.yaml");
    h.initializeAndChangeRevision();
    h.stepUntil(CanaryPhase.SUCCEEDED);
    assertEquals(List.of(1, 2, 10, 80, 50, 20, 0), h.router.canaryWeights());
  }

  @Test
  void resumesFromStatusAfterARestartBetweenAnyTwoSteps() {
    EngineHarness uninterrupted = new EngineHarness("backend-canary.yaml");
    uninterrupted.initializeAndChangeRevision();
    uninterrupted.stepUntil(CanaryPhase.SUCCEEDED);

    EngineHarness restarted = new EngineHarness("backend-canary.yaml");
    restarted.stepUntil(CanaryPhase.INITIALIZED);
    restarted.restart();
    restarted.workloads.revision = "00000000000000b2";
    for (int i = 0; i < 100 && restarted.phase() != CanaryPhase.SUCCEEDED; i++) {
      restarted.step();
      restarted.restart();
    }
    assertEquals(uninterrupted.events.messages, restarted.events.messages);
    assertEquals(uninterrupted.router.history, restarted.router.history);
  }

  @Test
  void adoptsAStatusWrittenByFlaggerWithoutRestartingTheRollout() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.stepUntil(CanaryPhase.INITIALIZED);
    h.canary.getStatus().lastAppliedSpec = "5d9c8b7f6";
    h.canary.getStatus().lastPromotedSpec = "5d9c8b7f6";
    h.canary.getStatus().phase = "Succeeded";
    h.steps(2);
    assertEquals(CanaryPhase.SUCCEEDED, h.phase());
    assertEquals(h.workloads.revision, h.canary.getStatus().lastPromotedSpec);
    h.workloads.revision = "00000000000000e5";
    h.step();
    assertEquals(CanaryPhase.PROGRESSING, h.phase());
  }

  @Test
  void aPrimaryThatNeverBecomesReadyFailsThePromotion() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.initializeAndChangeRevision();
    h.stepUntil(CanaryPhase.PROMOTING);
    h.workloads.primary =
        Readiness.failed("deployment \"backend-primary\" exceeded its progress deadline");
    h.step();
    assertEquals(CanaryPhase.FAILED, h.phase());
    assertEquals(new Routes(0, 100, false), h.router.routes, "traffic stays on the canary");
    assertTrue(
        h.alerts.sent.contains(
            "ERROR Promotion failed, primary not ready: deployment \"backend-primary\" exceeded its progress deadline"));
  }

  @Test
  void anIdleCanaryCostsNoWrites() {
    EngineHarness h = new EngineHarness("backend-canary.yaml");
    h.stepUntil(CanaryPhase.INITIALIZED);
    String before = io.fabric8.kubernetes.client.utils.Serialization.asJson(h.canary.getStatus());
    int mark = h.mark();
    h.steps(5);
    assertEquals(
        before, io.fabric8.kubernetes.client.utils.Serialization.asJson(h.canary.getStatus()));
    assertEquals(List.of(), h.eventsSince(mark));
    assertFalse(h.workloads.calls.contains("scaleFromZero"));
    assertNull(h.canary.getStatus().lastAnalysis);
  }

  private static List<String> alertsWith(EngineHarness h, String severity) {
    return h.alerts.sent.stream().filter(a -> a.startsWith(severity)).toList();
  }

  private static CanaryWebhook hook(String name, String type) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.name = name;
    hook.type = type;
    hook.url = "http://gate.test/";
    return hook;
  }
}
