package dev.kanary.canary.phase;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.Gates;
import dev.kanary.canary.Names;
import dev.kanary.canary.Step;
import dev.kanary.notifier.Severity;

/** Finalising: the primary serves everything; the target is scaled to zero and the run ends. */
public class FinalisingHandler implements PhaseHandler {

  @Override
  public void handle(Step step) {
    step.workloads().scaleToZero(step.canary());
    step.sync(CanaryPhase.SUCCEEDED, 0, 0, 0);
    step.with().telemetry().finished(step.canary(), step.settings().strategy(), true, false);
    Gates.postRollout(step, CanaryPhase.SUCCEEDED.wireName());
    step.info("Promotion completed! Scaling down " + Names.target(step.canary()));
    step.alert(Severity.INFO, "Canary analysis completed successfully, promotion finished.", false);
  }
}
