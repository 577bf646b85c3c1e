package dev.kanary.canary;

import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.notifier.Severity;
import dev.kanary.router.Routes;

/** Rolls a canary back: all traffic to the primary, the target scaled to zero, phase Failed. */
public final class Rollback {

  private Rollback() {}

  /**
   * Rolls back because the failed checks reached the threshold.
   *
   * @param step the step
   */
  public static void thresholdReached(Step step) {
    int threshold = step.settings().threshold();
    step.warn(
        "Rolling back "
            + Names.of(step.canary())
            + " failed checks threshold reached "
            + step.failedChecks());
    step.alert(Severity.ERROR, "Failed checks threshold reached " + step.failedChecks(), false);
    rollBack(step, "failed checks threshold reached " + step.failedChecks() + "/" + threshold);
  }

  /**
   * Rolls back because a workload did not become ready in time.
   *
   * @param step the step
   * @param error the readiness error
   */
  public static void deadlineExceeded(Step step, String error) {
    step.warn("Rolling back " + Names.of(step.canary()) + " progress deadline exceeded " + error);
    step.alert(Severity.ERROR, "Progress deadline exceeded " + error, false);
    rollBack(step, "progress deadline exceeded: " + error);
  }

  /**
   * Rolls back because a rollback webhook asked for it.
   *
   * @param step the step
   * @param hook the webhook's name
   */
  public static void requested(Step step, String hook) {
    step.warn("Rolling back " + Names.of(step.canary()) + " manual webhook invoked");
    step.alert(Severity.WARN, "Rolling back manual webhook invoked", false);
    rollBack(step, "rollback webhook " + hook + " invoked");
  }

  private static void rollBack(Step step, String why) {
    step.route(Routes.ALL_PRIMARY);
    step.warn("Canary failed! Scaling down " + Names.of(step.canary()));
    step.workloads().scaleToZero(step.canary());
    step.status().lastAppliedSpec = step.workloads().targetRevision(step.canary());
    step.status().trackedConfigs = emptyToNull(step.workloads().trackedConfigs(step.canary()));
    step.sync(CanaryPhase.FAILED, 0, step.iterations(), step.failedChecks());
    step.with().telemetry().finished(step.canary(), step.settings().strategy(), false, false);
    AnalysisRunner.decide(step, AnalysisRecord.Decision.RolledBack, "Rolled back: " + why);
    Gates.postRollout(step, CanaryPhase.FAILED.wireName());
  }

  /**
   * Turns an empty map into null, so that an empty field is left out of the status.
   *
   * @param map the map
   * @param <K> the key type
   * @param <V> the value type
   * @return the map, or null when empty
   */
  public static <K, V> java.util.Map<K, V> emptyToNull(java.util.Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }
}
