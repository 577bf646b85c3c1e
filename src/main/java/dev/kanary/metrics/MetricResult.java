package dev.kanary.metrics;

import java.util.OptionalDouble;

/**
 * The outcome of one metric check.
 *
 * @param name the metric's name in the canary spec
 * @param provider the provider that answered, for example {@code prometheus}
 * @param value the measured value in the metric's unit (percent, milliseconds, ...), when one was
 *     measured
 * @param min the least acceptable value, or null
 * @param max the greatest acceptable value, or null
 * @param outcome whether the check passed
 * @param message for a failure, the Event message Flagger records (for example {@code Halt
 *     backend.prod advancement success rate 69.17% < 99%}); for a pass, a short summary
 */
public record MetricResult(
    String name,
    String provider,
    OptionalDouble value,
    Double min,
    Double max,
    Outcome outcome,
    String message) {

  /** Whether a check passed. */
  public enum Outcome {
    /** The value is within its bounds. */
    PASSED,
    /** The value is out of its bounds. */
    FAILED,
    /** No value could be measured: the provider failed or returned no data. */
    ERROR
  }

  /**
   * Tells whether the check passed.
   *
   * @return true for {@link Outcome#PASSED}
   */
  public boolean passed() {
    return outcome == Outcome.PASSED;
  }
}
