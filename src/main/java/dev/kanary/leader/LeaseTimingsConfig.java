package dev.kanary.leader;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The Lease timings of leader election, {@code kanary.leader-election.lease-duration}, {@code
 * renew-deadline} and {@code retry-period}, beside the other {@code kanary.leader-election.*}
 * settings of {@link dev.kanary.config.KanaryConfig}.
 */
@ConfigMapping(prefix = "kanary.leader-election")
public interface LeaseTimingsConfig {

  /**
   * How long a Lease stays valid after its last renewal.
   *
   * @return 15 seconds by default
   */
  @WithDefault("15s")
  Duration leaseDuration();

  /**
   * How long the leader retries a failed renewal before it gives up the lead.
   *
   * @return 10 seconds by default
   */
  @WithDefault("10s")
  Duration renewDeadline();

  /**
   * The pause between two attempts to acquire or renew the Lease.
   *
   * @return 2 seconds by default
   */
  @WithDefault("2s")
  Duration retryPeriod();

  /**
   * The timings, checked.
   *
   * @return the timings
   * @throws IllegalArgumentException unless retry period &lt; renew deadline &lt; lease duration
   */
  default LeaseTimings timings() {
    return new LeaseTimings(leaseDuration(), renewDeadline(), retryPeriod());
  }
}
