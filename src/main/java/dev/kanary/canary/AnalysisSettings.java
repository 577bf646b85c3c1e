package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import java.time.Duration;
import java.util.List;

/**
 * A canary's analysis with Flagger's defaults resolved: what the engine reads at every step.
 *
 * @param interval time between two steps (default 60s, at least 1s)
 * @param threshold failed checks tolerated before rollback (default 1)
 * @param iterations iterations of an A/B or Blue/Green analysis (0 for weighted canaries)
 * @param maxWeight canary weight at which promotion starts
 * @param stepWeight weight added at each step (0 when a ladder is used)
 * @param stepWeights the weight ladder (empty when stepWeight is used)
 * @param stepWeightPromotion weight moved back to the primary per step after promotion
 * @param mirror whether traffic is mirrored before it is shifted
 * @param mirrorWeight percentage mirrored (0: all)
 * @param primaryReadyThreshold percentage of primary replicas that must be available
 * @param canaryReadyThreshold percentage of canary replicas that must be available
 * @param webhooks the webhooks, in spec order
 * @param metrics the metric checks, in spec order
 * @param match the A/B match conditions
 * @param strategy the deployment strategy
 * @param progressDeadline time the workloads may take to become ready
 */
public record AnalysisSettings(
    Duration interval,
    int threshold,
    int iterations,
    int maxWeight,
    int stepWeight,
    List<Integer> stepWeights,
    int stepWeightPromotion,
    boolean mirror,
    int mirrorWeight,
    int primaryReadyThreshold,
    int canaryReadyThreshold,
    List<CanaryWebhook> webhooks,
    List<CanaryMetric> metrics,
    List<AnalysisMatch> match,
    DeploymentStrategy strategy,
    Duration progressDeadline) {

  /** Flagger's default analysis interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  /**
   * Resolves a canary's analysis settings. Provider {@code kubernetes} has no traffic routing, so
   * it always runs Blue/Green, with 10 iterations when none are set.
   *
   * @param canary the canary
   * @param provider the canary's resolved provider
   * @return the settings
   */
  public static AnalysisSettings of(Canary canary, String provider) {
    CanaryAnalysis analysis =
        canary.getSpec().analysis != null
            ? canary.getSpec().analysis
            : canary.getSpec().canaryAnalysis != null
                ? canary.getSpec().canaryAnalysis
                : new CanaryAnalysis();
    Duration interval =
        Durations.parse(analysis.interval)
            .filter(d -> d.compareTo(MIN_INTERVAL) >= 0)
            .orElse(DEFAULT_INTERVAL);
    List<Integer> ladder =
        analysis.stepWeights == null ? List.of() : List.copyOf(analysis.stepWeights);
    int stepWeight = orZero(analysis.stepWeight);
    int maxWeight =
        analysis.maxWeight != null && analysis.maxWeight > 0
            ? analysis.maxWeight
            : stepWeight == 0 && !ladder.isEmpty()
                ? Math.min(100, ladder.get(ladder.size() - 1))
                : 100;
    List<AnalysisMatch> match = analysis.match == null ? List.of() : analysis.match;
    int iterations = orZero(analysis.iterations);
    boolean kubernetes = "kubernetes".equals(provider);
    DeploymentStrategy strategy;
    if (kubernetes) {
      strategy = DeploymentStrategy.BLUE_GREEN;
      iterations = iterations < 1 ? 10 : iterations;
    } else if (iterations > 0 && !match.isEmpty()) {
      strategy = DeploymentStrategy.AB_TESTING;
    } else if (iterations > 0) {
      strategy = DeploymentStrategy.BLUE_GREEN;
    } else {
      strategy = DeploymentStrategy.CANARY;
    }
    Integer deadline = canary.getSpec().progressDeadlineSeconds;
    return new AnalysisSettings(
        interval,
        analysis.threshold == null || analysis.threshold <= 0 ? 1 : analysis.threshold,
        iterations,
        maxWeight,
        stepWeight,
        ladder,
        orZero(analysis.stepWeightPromotion),
        Boolean.TRUE.equals(analysis.mirror),
        orZero(analysis.mirrorWeight),
        percentage(analysis.primaryReadyThreshold),
        percentage(analysis.canaryReadyThreshold),
        analysis.webhooks == null ? List.of() : analysis.webhooks,
        analysis.metrics == null ? List.of() : analysis.metrics,
        kubernetes ? List.of() : match,
        strategy,
        Duration.ofSeconds(deadline == null || deadline <= 0 ? 600 : deadline));
  }

  /**
   * The weight of the next step from a current weight: {@code stepWeight}, or the distance to the
   * next rung of the ladder (from a weight off the ladder: to 100).
   *
   * @param current the canary's current weight
   * @return the weight to add, never past 100
   */
  public int nextStepWeight(int current) {
    if (stepWeight > 0) {
      return Math.min(stepWeight, 100 - current);
    }
    if (stepWeights.isEmpty()) {
      return 0;
    }
    if (current == 0) {
      return Math.min(stepWeights.get(0), 100);
    }
    int index = stepWeights.indexOf(current);
    if (index < 0) {
      return 100 - current;
    }
    if (index + 1 >= stepWeights.size()) {
      return 0;
    }
    return Math.min(stepWeights.get(index + 1), 100) - current;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static int percentage(Integer value) {
    return value == null || value <= 0 ? 100 : Math.min(value, 100);
  }
}
