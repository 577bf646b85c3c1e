package dev.kanary.canary.strategy;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.canary.AnalysisRunner;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.canary.Names;
import dev.kanary.canary.Promotion;
import dev.kanary.canary.Step;
import dev.kanary.router.Routes;

/**
 * A/B testing: requests matching {@code analysis.match} go to the canary for {@code iterations}
 * steps (the router applies the split to matching requests only), then the canary is promoted.
 */
public class AbTestingStrategy implements Strategy {

  @Override
  public void advance(Step step) {
    int total = step.settings().iterations();
    if (step.iterations() >= total) {
      Promotion.confirmAndPromote(step);
      return;
    }
    int iteration = step.iterations() + 1;
    step.route(new Routes(0, 100, false));
    CanaryStatuses.progress(step.canary(), 100, iteration, step.failedChecks(), step.now());
    step.info(
        "Advance " + Names.of(step.canary()) + " canary iteration " + iteration + "/" + total);
    AnalysisRunner.decide(
        step,
        AnalysisRecord.Decision.Advanced,
        "All checks passed; iteration " + iteration + "/" + total);
  }
}
