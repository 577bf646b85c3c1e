package dev.kanary.metrics;

import dev.kanary.api.v1beta1.spec.CanaryMetric;

/**
 * Compares a measured metric value with the check's bounds and words a failure as Flagger's Event
 * does.
 *
 * <p>With {@code thresholdRange} the value fails when it is below {@code min} or above {@code max}.
 * Without it the deprecated {@code threshold} applies: a success rate fails below it, any other
 * metric above it. As in Flagger, a missing {@code threshold} counts as 0, so a request-duration or
 * custom metric with neither bound fails as soon as its value is positive. Request durations are
 * compared in whole milliseconds, both value and bounds truncated, as Flagger compares Go
 * durations.
 */
public final class Thresholds {

  private Thresholds() {}

  /** How a metric is compared and worded. */
  public enum Kind {
    /** The builtin {@code request-success-rate}, in percent. */
    SUCCESS_RATE,
    /** The builtin {@code request-duration}, in milliseconds. */
    REQUEST_DURATION,
    /** An inline query or a MetricTemplate, in the query's own unit. */
    CUSTOM
  }

  /**
   * The verdict on one value.
   *
   * @param value the value compared, in the metric's unit (whole milliseconds for a duration)
   * @param min the least acceptable value, or null
   * @param max the greatest acceptable value, or null
   * @param passed whether the value is within the bounds
   * @param message for a failure, Flagger's Event message, for example {@code Halt podinfo.test
   *     advancement success rate 69.17% < 99%}; for a pass, the value, for example {@code
   *     request-success-rate 99.50%}
   */
  public record Verdict(double value, Double min, Double max, boolean passed, String message) {}

  /**
   * Evaluates a measured value against a metric check's bounds.
   *
   * @param kind how the metric is compared and worded
   * @param canary the canary's name
   * @param namespace the canary's namespace
   * @param metric the metric check, with its bounds
   * @param measured the measured value, in the metric's unit
   * @return the verdict
   */
  public static Verdict evaluate(
      Kind kind, String canary, String namespace, CanaryMetric metric, double measured) {
    double value = kind == Kind.REQUEST_DURATION ? truncate(measured) : measured;
    Double min;
    Double max;
    if (metric.thresholdRange != null) {
      min = bound(kind, metric.thresholdRange.min);
      max = bound(kind, metric.thresholdRange.max);
    } else {
      double legacy = bound(kind, metric.threshold == null ? 0.0 : metric.threshold);
      min = kind == Kind.SUCCESS_RATE ? legacy : null;
      max = kind == Kind.SUCCESS_RATE ? null : legacy;
    }
    String halt = "Halt " + canary + "." + namespace + " advancement ";
    if (min != null && value < min) {
      return new Verdict(
          value, min, max, false, halt + describe(kind, metric.name, value, "<", min));
    }
    if (max != null && value > max) {
      return new Verdict(
          value, min, max, false, halt + describe(kind, metric.name, value, ">", max));
    }
    return new Verdict(value, min, max, true, metric.name + " " + show(kind, value));
  }

  private static String describe(
      Kind kind, String metric, double value, String comparison, double bound) {
    return switch (kind) {
      case SUCCESS_RATE ->
          "success rate "
              + GoFormat.twoDecimals(value)
              + "% "
              + comparison
              + " "
              + GoFormat.number(bound)
              + "%";
      case REQUEST_DURATION ->
          "request duration "
              + GoFormat.duration((long) value)
              + " "
              + comparison
              + " "
              + GoFormat.duration((long) bound);
      case CUSTOM ->
          metric
              + " "
              + GoFormat.twoDecimals(value)
              + " "
              + comparison
              + " "
              + GoFormat.number(bound);
    };
  }

  private static String show(Kind kind, double value) {
    return switch (kind) {
      case SUCCESS_RATE -> GoFormat.twoDecimals(value) + "%";
      case REQUEST_DURATION -> GoFormat.duration((long) value);
      case CUSTOM -> GoFormat.twoDecimals(value);
    };
  }

  private static Double bound(Kind kind, Double bound) {
    if (bound == null) {
      return null;
    }
    return kind == Kind.REQUEST_DURATION ? truncate(bound) : bound;
  }

  private static double truncate(double millis) {
    return (double) (long) millis;
  }
}
