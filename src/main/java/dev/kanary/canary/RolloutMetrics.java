package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import java.time.Duration;

/**
 * Records what rollouts do as metrics, under Flagger's names and labels, so existing dashboards and
 * alerts keep working.
 */
public interface RolloutMetrics {

  /**
   * Records a canary's phase ({@code flagger_canary_status}: 0 Progressing, 2 Failed, 1 else).
   *
   * @param canary the canary
   * @param phase its phase
   */
  void phase(Canary canary, CanaryPhase phase);

  /**
   * Records the traffic split ({@code flagger_canary_weight} of the primary and the target).
   *
   * @param canary the canary
   * @param primaryWeight the primary's weight
   * @param canaryWeight the canary's weight
   */
  void weights(Canary canary, int primaryWeight, int canaryWeight);

  /**
   * Records a measured metric value ({@code flagger_canary_metric_analysis}).
   *
   * @param canary the canary
   * @param metric the metric's name
   * @param value the value, durations in seconds
   */
  void metricValue(Canary canary, String metric, double value);

  /**
   * Records the time one analysis step took ({@code flagger_canary_duration_seconds}).
   *
   * @param canary the canary
   * @param duration how long the step took
   */
  void stepDuration(Canary canary, Duration duration);

  /**
   * Records how late an analysis step started after it was due ({@code
   * kanary_schedule_lag_seconds}, without per-canary labels: it measures the operator, not a
   * canary).
   *
   * @param late how late the step started
   */
  void scheduleLag(Duration late);

  /**
   * Counts a finished rollout ({@code flagger_canary_successes_total} or {@code
   * flagger_canary_failures_total}).
   *
   * @param canary the canary
   * @param strategy its deployment strategy
   * @param succeeded whether it was promoted
   * @param skipped whether its analysis was skipped
   */
  void finished(Canary canary, DeploymentStrategy strategy, boolean succeeded, boolean skipped);

  /**
   * Forgets a deleted canary's series.
   *
   * @param canary the canary
   */
  void forget(Canary canary);
}
