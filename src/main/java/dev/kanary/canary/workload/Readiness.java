package dev.kanary.canary.workload;

/**
 * Whether a workload has finished rolling out.
 *
 * @param ready whether enough updated replicas are available
 * @param retriable when not ready, whether waiting may still help; false once the rollout exceeded
 *     its progress deadline, which makes the engine roll back
 * @param message when not ready, why, as Flagger words it (for example {@code waiting for rollout
 *     to finish: 1 of 2 (readyThreshold 100%) updated replicas are available})
 */
public record Readiness(boolean ready, boolean retriable, String message) {

  /** A workload that is ready. */
  public static final Readiness READY = new Readiness(true, true, "");

  /**
   * A workload still rolling out.
   *
   * @param message why it is not ready
   * @return the readiness
   */
  public static Readiness waiting(String message) {
    return new Readiness(false, true, message);
  }

  /**
   * A workload whose rollout failed for good.
   *
   * @param message why
   * @return the readiness
   */
  public static Readiness failed(String message) {
    return new Readiness(false, false, message);
  }
}
