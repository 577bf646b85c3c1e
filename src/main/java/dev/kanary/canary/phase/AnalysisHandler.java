package dev.kanary.canary.phase;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.AnalysisRunner;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.canary.DeploymentStrategy;
import dev.kanary.canary.Gates;
import dev.kanary.canary.Names;
import dev.kanary.canary.Revisions;
import dev.kanary.canary.Rollback;
import dev.kanary.canary.Step;
import dev.kanary.canary.strategy.Strategy;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.notifier.Severity;
import dev.kanary.router.Routes;
import java.util.Map;
import java.util.Optional;

/**
 * A canary under analysis: restarts on a new revision, rolls back on a deadline, a rollback webhook
 * or too many failed checks, runs the checks, and advances its strategy when they pass.
 */
abstract class AnalysisHandler implements PhaseHandler {

  private final Map<DeploymentStrategy, Strategy> strategies;

  /**
   * Creates the handler.
   *
   * @param strategies the strategy of each deployment strategy
   */
  AnalysisHandler(Map<DeploymentStrategy, Strategy> strategies) {
    this.strategies = strategies;
  }

  @Override
  public void handle(Step step) {
    String revision = step.workloads().targetRevision(step.canary());
    Map<String, String> configs = step.workloads().trackedConfigs(step.canary());
    if (Revisions.changedSinceApplied(step.status(), revision, configs)) {
      step.info("New revision detected! Restarting analysis for " + Names.target(step.canary()));
      step.route(Routes.ALL_PRIMARY);
      step.status().lastAppliedSpec = revision;
      step.status().trackedConfigs = Rollback.emptyToNull(configs);
      step.sync(CanaryPhase.PROGRESSING, 0, 0, 0);
      return;
    }
    Readiness canary = step.workloads().canaryReadiness(step.canary());
    if (!canary.ready()) {
      String kind = step.canary().getSpec().targetRef.kind.toLowerCase(java.util.Locale.ROOT);
      step.warn(
          "canary " + kind + " " + Names.target(step.canary()) + " not ready: " + canary.message());
      if (!canary.retriable()) {
        Rollback.deadlineExceeded(step, canary.message());
      }
      return;
    }
    if (step.skipAnalysis()) {
      skip(step);
      return;
    }
    Optional<dev.kanary.api.v1beta1.spec.CanaryWebhook> manual = Gates.rollbackRequested(step);
    if (manual.isPresent()) {
      Rollback.requested(step, manual.get().name);
      return;
    }
    if (step.failedChecks() >= step.settings().threshold()) {
      Rollback.thresholdReached(step);
      return;
    }
    boolean starting =
        step.canaryWeight() == 0
            && step.iterations() == 0
            && !(step.settings().mirror() && step.routes().mirrored());
    if (starting) {
      step.info("Starting canary analysis for " + Names.target(step.canary()));
      Optional<String> failure = AnalysisRunner.preRollout(step);
      if (failure.isPresent()) {
        halt(step, failure.get());
        return;
      }
    } else {
      Optional<String> failure = AnalysisRunner.analyse(step);
      if (failure.isPresent()) {
        halt(step, failure.get());
        return;
      }
    }
    strategies.get(step.settings().strategy()).advance(step);
  }

  private static void halt(Step step, String message) {
    CanaryStatuses.progress(
        step.canary(), step.canaryWeight(), step.iterations(), step.failedChecks() + 1, step.now());
    step.info(message);
    AnalysisRunner.decide(step, AnalysisRecord.Decision.Halted, message);
  }

  private static void skip(Step step) {
    step.route(Routes.ALL_PRIMARY);
    step.workloads().promote(step.canary());
    step.workloads().scaleToZero(step.canary());
    step.sync(CanaryPhase.SUCCEEDED, 0, 0, 0);
    step.with().telemetry().finished(step.canary(), step.settings().strategy(), true, true);
    AnalysisRunner.decide(step, AnalysisRecord.Decision.Promoted, "Analysis skipped");
    Gates.postRollout(step, CanaryPhase.SUCCEEDED.wireName());
    step.info(
        "Promotion completed! Canary analysis was skipped for " + Names.target(step.canary()));
    step.alert(Severity.INFO, "Canary analysis was skipped, promotion finished.", false);
  }
}
