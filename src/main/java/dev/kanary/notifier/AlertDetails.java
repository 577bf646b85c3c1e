package dev.kanary.notifier;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The details Flagger adds to the initialization and new-revision alerts: target, failed checks
 * threshold, progress deadline and traffic routing.
 *
 * <p>The maximum weight shown is the effective one (100 by default, or the last of the step
 * weights), where Flagger shows the raw field and so {@code max: 0} when it is not set.
 */
final class AlertDetails {

  private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
  private static final int MAX_WEIGHT = 100;

  private AlertDetails() {}

  /**
   * The analysis a canary runs: {@code spec.analysis}, else the deprecated {@code
   * spec.canaryAnalysis}.
   *
   * @param spec the canary's spec, possibly null
   * @return the analysis, or null when there is none
   */
  static CanaryAnalysis analysis(CanarySpec spec) {
    if (spec == null) {
      return null;
    }
    return spec.analysis != null ? spec.analysis : spec.canaryAnalysis;
  }

  /**
   * Describes a canary.
   *
   * @param canary the canary
   * @return the fields {@code Target}, {@code Failed checks threshold}, {@code Progress deadline}
   *     and, when a strategy is recognised, {@code Traffic routing}
   */
  static List<Message.Field> of(Canary canary) {
    CanarySpec spec = canary.getSpec();
    CanaryAnalysis analysis = analysis(spec);
    String namespace = canary.getMetadata().getNamespace();
    List<Message.Field> fields = new ArrayList<>();
    if (spec != null && spec.targetRef != null) {
      fields.add(
          new Message.Field(
              "Target", spec.targetRef.kind + "/" + spec.targetRef.name + "." + namespace));
    }
    int threshold = analysis == null ? 0 : positive(analysis.threshold);
    fields.add(
        new Message.Field("Failed checks threshold", String.valueOf(Math.max(threshold, 1))));
    int deadline = spec == null ? 0 : positive(spec.progressDeadlineSeconds);
    fields.add(
        new Message.Field(
            "Progress deadline",
            (deadline > 0 ? deadline : DEFAULT_PROGRESS_DEADLINE_SECONDS) + "s"));
    if (analysis != null) {
      trafficRouting(analysis)
          .ifPresent(routing -> fields.add(new Message.Field("Traffic routing", routing)));
    }
    return fields;
  }

  /**
   * Explains a failure from the canary's last analysis: why it halted or rolled back, and each
   * check that failed with its measured value and bounds. Beyond Flagger, which sent only the
   * message.
   *
   * @param canary the canary
   * @return the fields {@code Reason} and one per failed check; empty when there is no record
   */
  static List<Message.Field> failure(Canary canary) {
    AnalysisRecord record = canary.getStatus() == null ? null : canary.getStatus().lastAnalysis;
    if (record == null) {
      return List.of();
    }
    List<Message.Field> fields = new ArrayList<>();
    if (record.message != null) {
      fields.add(new Message.Field("Reason", record.message));
    }
    for (CheckResult check : record.checks) {
      if (!CheckResult.Verdict.Passed.name().equals(check.verdict)) {
        fields.add(new Message.Field(check.name, describe(check)));
      }
    }
    return fields;
  }

  private static String describe(CheckResult check) {
    StringBuilder text = new StringBuilder(check.verdict);
    if (check.value != null) {
      text.append(": ").append(format(check.value));
    }
    if (check.min != null || check.max != null) {
      text.append(" (expected ");
      if (check.min != null) {
        text.append(">= ").append(format(check.min));
      }
      if (check.min != null && check.max != null) {
        text.append(" and ");
      }
      if (check.max != null) {
        text.append("<= ").append(format(check.max));
      }
      text.append(')');
    }
    if (check.value == null && check.message != null) {
      text.append(": ").append(check.message);
    }
    return text.toString();
  }

  private static String format(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(java.util.Locale.ROOT, "%.2f", value);
  }

  private static Optional<String> trafficRouting(CanaryAnalysis analysis) {
    List<Integer> steps = analysis.stepWeights == null ? List.of() : analysis.stepWeights;
    if (positive(analysis.stepWeight) > 0) {
      return Optional.of(
          "Weight step: " + analysis.stepWeight + " max: " + maxWeight(analysis, steps));
    }
    if (!steps.isEmpty()) {
      String ladder = steps.stream().map(String::valueOf).collect(Collectors.joining(","));
      return Optional.of("Weight steps: " + ladder + " max: " + maxWeight(analysis, steps));
    }
    if (analysis.match != null && !analysis.match.isEmpty()) {
      return Optional.of("A/B Testing");
    }
    if (positive(analysis.iterations) > 0) {
      return Optional.of("Blue/Green");
    }
    return Optional.empty();
  }

  private static int maxWeight(CanaryAnalysis analysis, List<Integer> steps) {
    if (positive(analysis.maxWeight) > 0) {
      return analysis.maxWeight;
    }
    if (!steps.isEmpty()) {
      Integer last = steps.get(steps.size() - 1);
      return Math.min(MAX_WEIGHT, last == null ? MAX_WEIGHT : last);
    }
    return MAX_WEIGHT;
  }

  private static int positive(Integer value) {
    return value == null || value < 0 ? 0 : value;
  }
}
