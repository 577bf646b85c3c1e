package dev.kanary.canary.strategy;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.AnalysisRunner;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.canary.Names;
import dev.kanary.canary.Promotion;
import dev.kanary.canary.Step;
import dev.kanary.router.Routes;

/**
 * Blue/Green: the canary is analysed for {@code iterations} steps (optionally receiving mirrored
 * traffic), then gets all the traffic for one more analysed step, then is promoted. Provider {@code
 * kubernetes} routes nothing: the canary is promoted after its iterations.
 */
public class BlueGreenStrategy implements Strategy {

  @Override
  public void advance(Step step) {
    int total = step.settings().iterations();
    int done = step.iterations();
    boolean routed = !"kubernetes".equals(step.provider());
    if (done < total) {
      if (routed && step.settings().mirror() && !step.routes().mirrored()) {
        step.route(new Routes(100, 0, true));
      }
      int iteration = done + 1;
      CanaryStatuses.progress(
          step.canary(), step.canaryWeight(), iteration, step.failedChecks(), step.now());
      step.info(
          "Advance " + Names.of(step.canary()) + " canary iteration " + iteration + "/" + total);
      AnalysisRunner.decide(
          step,
          AnalysisRecord.Decision.Advanced,
          "All checks passed; iteration " + iteration + "/" + total);
      return;
    }
    if (!routed) {
      Promotion.confirmAndPromote(step);
      return;
    }
    if (done > total) {
      Promotion.promote(step);
      return;
    }
    if (!Promotion.approved(step)) {
      return;
    }
    step.info(
        step.routes().mirrored()
            ? "Stop traffic mirroring and route all traffic to canary"
            : "Routing all traffic to canary");
    step.route(new Routes(0, 100, false));
    step.sync(CanaryPhase.PROGRESSING, 100, done + 1, step.failedChecks());
    AnalysisRunner.decide(
        step, AnalysisRecord.Decision.Advanced, "All checks passed; all traffic to the canary");
  }
}
