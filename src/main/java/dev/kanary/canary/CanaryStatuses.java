package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.api.v1beta1.status.Condition;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Writes a canary's status the way Flagger does: phase changes with their counters, the {@code
 * Promoted} condition and {@code lastTransitionTime}.
 */
public final class CanaryStatuses {

  private CanaryStatuses() {}

  /**
   * The status of a canary, created empty when it has none.
   *
   * @param canary the canary
   * @return its status
   */
  public static CanaryStatus of(Canary canary) {
    if (canary.getStatus() == null) {
      canary.setStatus(new CanaryStatus());
    }
    CanaryStatus status = canary.getStatus();
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    return status;
  }

  /**
   * The current phase.
   *
   * @param canary the canary
   * @return its phase, {@link CanaryPhase#NONE} when unset
   */
  public static CanaryPhase phase(Canary canary) {
    return canary.getStatus() == null
        ? CanaryPhase.NONE
        : CanaryPhase.fromWireName(canary.getStatus().phase);
  }

  /**
   * Moves a canary to a phase with its counters: weight, iterations and failed checks.
   *
   * @param canary the canary
   * @param phase the new phase
   * @param canaryWeight the canary's weight
   * @param iterations the iterations done
   * @param failedChecks the failed checks counted
   * @param now the current time
   */
  public static void sync(
      Canary canary,
      CanaryPhase phase,
      int canaryWeight,
      int iterations,
      int failedChecks,
      Instant now) {
    CanaryStatus status = of(canary);
    status.phase = phase.wireName();
    status.canaryWeight = canaryWeight;
    status.iterations = iterations;
    status.failedChecks = failedChecks;
    status.lastTransitionTime = now.toString();
    if (phase == CanaryPhase.INITIALIZED || phase == CanaryPhase.SUCCEEDED) {
      status.lastPromotedSpec = status.lastAppliedSpec;
    }
    setPromoted(canary, phase, now);
  }

  /**
   * Records the weight and counters of a step that keeps the phase.
   *
   * @param canary the canary
   * @param canaryWeight the canary's weight
   * @param iterations the iterations done
   * @param failedChecks the failed checks counted
   * @param now the current time
   */
  public static void progress(
      Canary canary, int canaryWeight, int iterations, int failedChecks, Instant now) {
    sync(canary, phase(canary), canaryWeight, iterations, failedChecks, now);
  }

  private static void setPromoted(Canary canary, CanaryPhase phase, Instant now) {
    String kind = canary.getSpec().targetRef.kind;
    String value;
    String message;
    switch (phase) {
      case INITIALIZED -> {
        value = "True";
        message = kind + " initialization completed.";
      }
      case WAITING, WAITING_PROMOTION -> {
        value = "Unknown";
        message = "Waiting for approval.";
      }
      case PROGRESSING -> {
        value = "Unknown";
        message = "New revision detected, progressing canary analysis.";
      }
      case PROMOTING -> {
        value = "Unknown";
        message = "Canary analysis completed, starting primary rolling update.";
      }
      case FINALISING -> {
        value = "Unknown";
        message = "Canary analysis completed, routing all traffic to primary.";
      }
      case SUCCEEDED -> {
        value = "True";
        message = "Canary analysis completed successfully, promotion finished.";
      }
      case FAILED -> {
        value = "False";
        message = "Canary analysis failed, " + kind + " scaled to zero.";
      }
      default -> {
        value = "Unknown";
        message = "New " + kind + " detected, starting initialization.";
      }
    }
    CanaryStatus status = of(canary);
    Condition condition =
        status.conditions.stream()
            .filter(c -> Condition.PROMOTED.equals(c.type))
            .findFirst()
            .orElse(null);
    if (condition == null) {
      condition = new Condition();
      condition.type = Condition.PROMOTED;
      status.conditions.add(condition);
    } else if (value.equals(condition.status) && phase.wireName().equals(condition.reason)) {
      return;
    }
    if (!value.equals(condition.status)) {
      condition.lastTransitionTime = now.toString();
    }
    condition.status = value;
    condition.reason = phase.wireName();
    condition.message = message;
    condition.lastUpdateTime = now.toString();
  }
}
