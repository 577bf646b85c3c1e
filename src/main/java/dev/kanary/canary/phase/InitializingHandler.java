package dev.kanary.canary.phase;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.Names;
import dev.kanary.canary.Rollback;
import dev.kanary.canary.Step;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.notifier.Severity;
import java.util.Optional;

/**
 * Initializing (and a new canary with no phase): once the primary is ready, scales the target to
 * zero and records the target's revision as promoted.
 */
public class InitializingHandler implements PhaseHandler {

  @Override
  public void handle(Step step) {
    if (step.phase() == CanaryPhase.NONE) {
      step.sync(CanaryPhase.INITIALIZING, 0, 0, 0);
    }
    if (!step.skipAnalysis()) {
      Optional<String> unavailable = step.with().metrics().checkProviders(step.canary());
      if (unavailable.isPresent()) {
        step.warn("Error checking metric providers: " + unavailable.get());
      } else {
        step.info("all the metrics providers are available!");
      }
      Readiness primary = step.workloads().primaryReadiness(step.canary());
      if (!primary.ready()) {
        step.warn(Names.primary(step.canary()) + " not ready: " + primary.message());
        return;
      }
    }
    step.workloads().scaleToZero(step.canary());
    step.status().lastAppliedSpec = step.workloads().targetRevision(step.canary());
    step.status().trackedConfigs =
        Rollback.emptyToNull(step.workloads().trackedConfigs(step.canary()));
    step.sync(CanaryPhase.INITIALIZED, 0, 0, 0);
    step.info("Initialization done! " + Names.of(step.canary()));
    step.alert(
        Severity.INFO,
        "New " + step.canary().getSpec().targetRef.kind + " detected, initialization completed.",
        true);
  }
}
