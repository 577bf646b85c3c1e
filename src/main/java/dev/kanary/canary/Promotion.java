package dev.kanary.canary;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.notifier.Severity;
import java.util.Optional;

/** Promotes a canary once its analysis passed: confirm-promotion gate, then primary update. */
public final class Promotion {

  private Promotion() {}

  /**
   * Asks the confirm-promotion webhooks, then promotes. While a webhook refuses, the canary waits
   * in WaitingPromotion with its traffic unchanged, and the analysis goes on.
   *
   * @param step the step
   * @return true when the canary was promoted
   */
  public static boolean confirmAndPromote(Step step) {
    if (!approved(step)) {
      return false;
    }
    promote(step);
    return true;
  }

  /**
   * Asks the confirm-promotion webhooks. While one refuses, the canary waits in WaitingPromotion
   * with its traffic unchanged (alerting once, unless the webhook mutes alerts).
   *
   * @param step the step
   * @return true when every webhook approved
   */
  public static boolean approved(Step step) {
    Optional<Gates.Refusal> refusal = Gates.check(step, "confirm-promotion", "Progressing");
    if (refusal.isEmpty()) {
      return true;
    }
    step.info(
        "Halt "
            + Names.of(step.canary())
            + " advancement waiting for promotion approval "
            + refusal.get().hook().name);
    if (step.phase() != CanaryPhase.WAITING_PROMOTION && !refusal.get().muted()) {
      step.alert(Severity.WARN, "Canary promotion is waiting for approval.", false);
    }
    step.sync(
        CanaryPhase.WAITING_PROMOTION, step.canaryWeight(), step.iterations(), step.failedChecks());
    AnalysisRunner.decide(
        step,
        AnalysisRecord.Decision.Waiting,
        "Waiting for promotion approval from " + refusal.get().hook().name);
    return false;
  }

  /**
   * Copies the target's template to the primary and starts the Promoting phase.
   *
   * @param step the step
   */
  public static void promote(Step step) {
    step.info(
        "Copying "
            + Names.target(step.canary())
            + " template spec to "
            + Names.primary(step.canary()));
    step.workloads().promote(step.canary());
    step.sync(CanaryPhase.PROMOTING, step.canaryWeight(), step.iterations(), step.failedChecks());
    AnalysisRunner.decide(
        step, AnalysisRecord.Decision.Promoted, "Analysis passed; promoting the primary");
  }
}
