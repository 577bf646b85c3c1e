package dev.kanary.canary.phase;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.canary.Names;
import dev.kanary.canary.Step;
import dev.kanary.router.Routes;

/**
 * Promoting: the primary runs the new revision; traffic goes back to it at once, or by {@code
 * stepWeightPromotion} per step.
 */
public class PromotingHandler implements PhaseHandler {

  @Override
  public void handle(Step step) {
    if ("kubernetes".equals(step.provider())) {
      step.sync(CanaryPhase.FINALISING, 0, step.iterations(), step.failedChecks());
      return;
    }
    int increment = step.settings().stepWeightPromotion();
    int primary = step.routes().primaryWeight();
    if (increment <= 0 || primary + increment >= 100) {
      step.info("Routing all traffic to primary");
      step.route(Routes.ALL_PRIMARY);
      step.sync(CanaryPhase.FINALISING, 0, step.iterations(), step.failedChecks());
      return;
    }
    int next = primary + increment;
    step.route(new Routes(next, 100 - next, false));
    CanaryStatuses.progress(
        step.canary(), 100 - next, step.iterations(), step.failedChecks(), step.now());
    step.info("Advance " + Names.of(step.canary()) + " primary weight " + next);
  }
}
