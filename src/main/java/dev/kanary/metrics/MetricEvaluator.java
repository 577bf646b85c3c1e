package dev.kanary.metrics;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryMetric;

/**
 * Measures a canary's metric checks: builtin metrics, inline queries and MetricTemplates, each
 * against its provider, and compares the value with the check's bounds.
 */
public interface MetricEvaluator {

  /**
   * Measures one metric check. Never throws: an unreachable provider, an error answer or missing
   * data is an {@link MetricResult.Outcome#ERROR} result with a message saying which.
   *
   * @param canary the canary under analysis
   * @param metric the check, from {@code spec.analysis.metrics}
   * @return the measured value and verdict
   */
  MetricResult evaluate(Canary canary, CanaryMetric metric);

  /**
   * Checks that every metric provider a canary uses answers, as Flagger does when a canary is
   * initialized.
   *
   * @param canary the canary being initialized
   * @return empty when all are available, else the error to report
   */
  java.util.Optional<String> checkProviders(Canary canary);
}
