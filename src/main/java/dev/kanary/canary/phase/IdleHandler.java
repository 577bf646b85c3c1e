package dev.kanary.canary.phase;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.Gates;
import dev.kanary.canary.Names;
import dev.kanary.canary.Revisions;
import dev.kanary.canary.Rollback;
import dev.kanary.canary.Step;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.notifier.Severity;
import java.util.Map;
import java.util.Optional;

/**
 * A canary between rollouts: nothing happens until the target's revision or configuration changes;
 * then, once the confirm-rollout webhooks agree, the target is scaled up and the analysis starts.
 */
abstract class IdleHandler implements PhaseHandler {

  /**
   * Whether a rollout is pending whatever the revision, as it is for a canary waiting for approval.
   *
   * @return true to skip the change detection
   */
  protected boolean alwaysPending() {
    return false;
  }

  @Override
  public void handle(Step step) {
    String revision = step.workloads().targetRevision(step.canary());
    Map<String, String> configs = step.workloads().trackedConfigs(step.canary());
    if (!alwaysPending() && !Revisions.changed(step, revision, configs)) {
      return;
    }
    step.prepare();
    if (!step.skipAnalysis()) {
      Readiness primary = step.workloads().primaryReadiness(step.canary());
      if (!primary.ready()) {
        step.warn(Names.primary(step.canary()) + " not ready: " + primary.message());
        return;
      }
    }
    Optional<Gates.Refusal> refusal = Gates.check(step, "confirm-rollout", step.phase().wireName());
    if (refusal.isPresent()) {
      step.info(
          "Halt "
              + Names.of(step.canary())
              + " advancement waiting for approval "
              + refusal.get().hook().name);
      if (step.phase() != CanaryPhase.WAITING && !refusal.get().muted()) {
        step.alert(Severity.WARN, "Canary is waiting for approval.", false);
      }
      step.sync(CanaryPhase.WAITING, 0, 0, 0);
      return;
    }
    step.info("New revision detected! Scaling up " + Names.target(step.canary()));
    step.alert(Severity.INFO, "New revision detected, progressing canary analysis.", true);
    step.workloads().scaleFromZero(step.canary());
    step.status().lastAppliedSpec = revision;
    step.status().trackedConfigs = Rollback.emptyToNull(configs);
    step.sync(CanaryPhase.PROGRESSING, 0, 0, 0);
  }
}
