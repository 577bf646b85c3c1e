package dev.kanary.leader;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a Lease lasts, how long its holder keeps trying to renew it, and how often replicas try
 * to acquire or renew it; a follower takes over at most one lease duration after the leader's last
 * renewal.
 *
 * @param leaseDuration how long a Lease stays valid after its last renewal; followers wait that
 *     long before taking an unrenewed Lease over
 * @param renewDeadline how long the leader keeps retrying a failed renewal before it gives up the
 *     lead; shorter than the lease duration
 * @param retryPeriod the pause between two attempts to acquire or renew; shorter than the renew
 *     deadline
 */
public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  /** Kubernetes' usual timings (15 s lease, 10 s renew deadline, 2 s retry period). */
  public static final LeaseTimings DEFAULT =
      new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  /**
   * Checks the timings.
   *
   * @throws IllegalArgumentException unless every timing is positive and retry period &lt; renew
   *     deadline &lt; lease duration
   */
  public LeaseTimings {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException(
          "kanary.leader-election.retry-period must be positive, not " + retryPeriod);
    }
    if (renewDeadline.compareTo(retryPeriod) <= 0) {
      throw new IllegalArgumentException(
          "kanary.leader-election.renew-deadline ("
              + renewDeadline
              + ") must be longer than the retry period ("
              + retryPeriod
              + ")");
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "kanary.leader-election.lease-duration ("
              + leaseDuration
              + ") must be longer than the renew deadline ("
              + renewDeadline
              + ")");
    }
  }
}
