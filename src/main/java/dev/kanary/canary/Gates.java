package dev.kanary.canary;

import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.webhook.WebhookResult;
import java.util.Map;
import java.util.Optional;

/** Runs the webhooks that gate a rollout and records Flagger's Events for them. */
public final class Gates {

  private Gates() {}

  /**
   * Calls every webhook of a gating type; all must succeed.
   *
   * @param step the step
   * @param type the webhook type, for example {@code confirm-promotion}
   * @param phase the phase sent in the payload
   * @return the first webhook that refused, with its answer; empty when all passed
   */
  public static Optional<Refusal> check(Step step, String type, String phase) {
    for (CanaryWebhook hook : Hooks.ofType(step.canary(), type)) {
      WebhookResult result = step.with().webhooks().call(step.canary(), hook, phase, Map.of());
      if (!result.success()) {
        return Optional.of(new Refusal(hook, result));
      }
      step.info(capitalized(type) + " check " + hook.name + " passed");
    }
    return Optional.empty();
  }

  /**
   * Calls the rollback webhooks: any that answers with success asks for a rollback.
   *
   * @param step the step
   * @return the webhook that asked for a rollback, or empty
   */
  public static Optional<CanaryWebhook> rollbackRequested(Step step) {
    for (CanaryWebhook hook : Hooks.ofType(step.canary(), "rollback")) {
      WebhookResult result =
          step.with().webhooks().call(step.canary(), hook, step.phase().wireName(), Map.of());
      if (result.success()) {
        step.warn("Rollback check " + hook.name + " passed");
        return Optional.of(hook);
      }
    }
    return Optional.empty();
  }

  /**
   * Calls the post-rollout webhooks; their failure is only reported.
   *
   * @param step the step
   * @param phase the phase sent, Succeeded or Failed
   */
  public static void postRollout(Step step, String phase) {
    for (CanaryWebhook hook : Hooks.ofType(step.canary(), "post-rollout")) {
      WebhookResult result = step.with().webhooks().call(step.canary(), hook, phase, Map.of());
      if (result.success()) {
        step.info("Post-rollout check " + hook.name + " passed");
      } else {
        step.warn("Post-rollout hook " + hook.name + " failed " + result.detail());
      }
    }
  }

  private static String capitalized(String type) {
    return Character.toUpperCase(type.charAt(0)) + type.substring(1);
  }

  /**
   * A webhook that refused to let the rollout go on.
   *
   * @param hook the webhook
   * @param result its answer
   */
  public record Refusal(CanaryWebhook hook, WebhookResult result) {

    /**
     * Whether alerts about this refusal are muted.
     *
     * @return the webhook's {@code muteAlert}
     */
    public boolean muted() {
      return Boolean.TRUE.equals(hook.muteAlert);
    }
  }
}
