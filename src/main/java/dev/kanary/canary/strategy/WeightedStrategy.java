package dev.kanary.canary.strategy;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.AnalysisRunner;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.canary.Gates;
import dev.kanary.canary.Names;
import dev.kanary.canary.Promotion;
import dev.kanary.canary.Step;
import dev.kanary.notifier.Severity;
import dev.kanary.router.Routes;
import java.util.Optional;

/**
 * Weighted canary: the canary's weight grows by {@code stepWeight} or along {@code stepWeights} up
 * to {@code maxWeight} (with an optional mirroring step first), then the canary is promoted.
 */
public class WeightedStrategy implements Strategy {

  @Override
  public void advance(Step step) {
    int weight = step.canaryWeight();
    int increment = step.settings().nextStepWeight(weight);
    if (weight >= step.settings().maxWeight() || increment <= 0) {
      Promotion.confirmAndPromote(step);
      return;
    }
    boolean mirrored = step.routes().mirrored();
    if (!mirrored && step.phase() != CanaryPhase.WAITING_PROMOTION) {
      Optional<Gates.Refusal> refusal =
          Gates.check(step, "confirm-traffic-increase", "Progressing");
      if (refusal.isPresent()) {
        step.info(
            "Halt "
                + Names.of(step.canary())
                + " advancement waiting for traffic increase approval "
                + refusal.get().hook().name);
        if (!refusal.get().muted()) {
          step.alert(Severity.WARN, "Canary traffic increase is waiting for approval.", false);
        }
        AnalysisRunner.decide(
            step,
            AnalysisRecord.Decision.Waiting,
            "Waiting for traffic increase approval from " + refusal.get().hook().name);
        return;
      }
    }
    if (step.settings().mirror() && weight == 0 && !mirrored) {
      step.route(new Routes(100, 0, true));
      CanaryStatuses.progress(step.canary(), 0, step.iterations(), step.failedChecks(), step.now());
      AnalysisRunner.decide(
          step, AnalysisRecord.Decision.Advanced, "Mirroring traffic to the canary");
      return;
    }
    int next = Math.min(weight + increment, 100);
    step.route(Routes.canaryAt(next));
    CanaryStatuses.progress(
        step.canary(), next, step.iterations(), step.failedChecks(), step.now());
    step.info("Advance " + Names.of(step.canary()) + " canary weight " + next);
    AnalysisRunner.decide(
        step, AnalysisRecord.Decision.Advanced, "All checks passed; canary weight " + next);
  }
}
