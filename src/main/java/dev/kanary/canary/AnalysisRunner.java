package dev.kanary.canary;

import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.status.AnalysisRecord;
import dev.kanary.api.v1beta1.status.CheckResult;
import dev.kanary.metrics.MetricResult;
import dev.kanary.webhook.WebhookResult;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one analysis: the rollout webhooks, then every metric check, recording each measured value
 * and verdict in {@code status.lastAnalysis}. Every check runs, so the record shows all values; the
 * first failure is the one reported, as Flagger reports it.
 */
public final class AnalysisRunner {

  private AnalysisRunner() {}

  /**
   * Starts a fresh analysis record for this step.
   *
   * @param step the step
   * @return the record, already in status
   */
  public static AnalysisRecord begin(Step step) {
    AnalysisRecord record = new AnalysisRecord();
    record.time = step.now().toString();
    record.phase = step.phase().wireName();
    record.canaryWeight = step.routes().canaryWeight();
    record.iterations = step.iterations();
    record.threshold = step.settings().threshold();
    step.status().lastAnalysis = record;
    return record;
  }

  /**
   * Runs the pre-rollout webhooks.
   *
   * @param step the step
   * @return the Event message of the first failure, or empty when all passed
   */
  public static Optional<String> preRollout(Step step) {
    AnalysisRecord record = begin(step);
    Optional<String> failure = Optional.empty();
    for (CanaryWebhook hook : Hooks.ofType(step.canary(), "pre-rollout")) {
      WebhookResult result =
          step.with().webhooks().call(step.canary(), hook, "Progressing", Map.of());
      record.checks.add(webhookCheck(step, hook, result));
      if (result.success()) {
        step.info("Pre-rollout check " + hook.name + " passed");
      } else if (failure.isEmpty()) {
        failure =
            Optional.of(
                "Halt "
                    + Names.of(step.canary())
                    + " advancement pre-rollout check "
                    + hook.name
                    + " failed "
                    + result.detail());
      }
    }
    return failure;
  }

  /**
   * Runs the rollout webhooks and the metric checks.
   *
   * @param step the step
   * @return the Event message of the first failure, or empty when all passed
   */
  public static Optional<String> analyse(Step step) {
    AnalysisRecord record = begin(step);
    Optional<String> failure = Optional.empty();
    for (CanaryWebhook hook : Hooks.ofType(step.canary(), "rollout")) {
      WebhookResult result =
          step.with().webhooks().call(step.canary(), hook, "Progressing", Map.of());
      record.checks.add(webhookCheck(step, hook, result));
      if (!result.success() && failure.isEmpty()) {
        failure =
            Optional.of(
                "Halt "
                    + Names.of(step.canary())
                    + " advancement external check "
                    + hook.name
                    + " failed "
                    + result.detail());
      }
    }
    for (CanaryMetric metric : step.settings().metrics()) {
      MetricResult result = step.with().metrics().evaluate(step.canary(), metric);
      record.checks.add(metricCheck(step, result));
      if (result.value().isPresent()) {
        double value = result.value().getAsDouble();
        step.with()
            .telemetry()
            .metricValue(
                step.canary(),
                result.name(),
                "request-duration".equals(result.name()) ? value / 1000 : value);
      }
      if (!result.passed() && failure.isEmpty()) {
        failure = Optional.of(result.message());
      }
    }
    return failure;
  }

  /**
   * Records the decision taken after the checks.
   *
   * @param step the step
   * @param decision what was decided
   * @param message why
   */
  public static void decide(Step step, AnalysisRecord.Decision decision, String message) {
    AnalysisRecord record = step.status().lastAnalysis;
    if (record == null) {
      record = begin(step);
    }
    record.decision = decision.name();
    record.message = message;
    record.failedChecks = step.failedChecks();
  }

  private static CheckResult webhookCheck(Step step, CanaryWebhook hook, WebhookResult result) {
    CheckResult check = new CheckResult();
    check.name = hook.name;
    check.kind = CheckResult.Kind.Webhook.name();
    check.source = Hooks.typeOf(hook);
    check.value = result.statusCode() > 0 ? (double) result.statusCode() : null;
    check.verdict =
        result.success()
            ? CheckResult.Verdict.Passed.name()
            : result.statusCode() > 0
                ? CheckResult.Verdict.Failed.name()
                : CheckResult.Verdict.Error.name();
    check.message = result.success() ? null : result.detail();
    check.time = step.now().toString();
    return check;
  }

  private static CheckResult metricCheck(Step step, MetricResult result) {
    CheckResult check = new CheckResult();
    check.name = result.name();
    check.kind = CheckResult.Kind.Metric.name();
    check.source = result.provider();
    check.value = result.value().isPresent() ? result.value().getAsDouble() : null;
    check.min = result.min();
    check.max = result.max();
    check.verdict =
        switch (result.outcome()) {
          case PASSED -> CheckResult.Verdict.Passed.name();
          case FAILED -> CheckResult.Verdict.Failed.name();
          case ERROR -> CheckResult.Verdict.Error.name();
        };
    check.message = result.message();
    check.time = step.now().toString();
    return check;
  }
}
