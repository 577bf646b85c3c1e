package dev.kanary.canary.fakes;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.metrics.MetricEvaluator;
import dev.kanary.metrics.MetricResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Metric checks whose values a test sets per metric name; unset metrics pass. */
public final class FakeMetrics implements MetricEvaluator {

  /** Values by metric name; a metric without one passes with value 100. */
  public final Map<String, Double> values = new HashMap<>();

  /** Metric evaluations made. */
  public int evaluations;

  @Override
  public MetricResult evaluate(Canary canary, CanaryMetric metric) {
    evaluations++;
    double value = values.getOrDefault(metric.name, 100.0);
    Double min = metric.thresholdRange == null ? null : metric.thresholdRange.min;
    Double max = metric.thresholdRange == null ? null : metric.thresholdRange.max;
    boolean passed = (min == null || value >= min) && (max == null || value <= max);
    String name = canary.getMetadata().getName() + "." + canary.getMetadata().getNamespace();
    String message =
        passed
            ? metric.name + " " + value
            : "Halt "
                + name
                + " advancement "
                + metric.name
                + " "
                + String.format("%.2f", value)
                + (min != null && value < min ? " < " + min : " > " + max);
    return new MetricResult(
        metric.name,
        "prometheus",
        OptionalDouble.of(value),
        min,
        max,
        passed ? MetricResult.Outcome.PASSED : MetricResult.Outcome.FAILED,
        message);
  }

  @Override
  public Optional<String> checkProviders(Canary canary) {
    return Optional.empty();
  }
}
