package dev.kanary.webhook;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import java.util.Map;

/** Calls a canary's webhooks with Flagger's JSON payload. */
public interface WebhookClient {

  /**
   * Posts the payload {@code {name, namespace, phase, checksum, metadata}} to a webhook, with its
   * timeout and retries. Never throws: a timeout or a refused connection is a failed result.
   *
   * @param canary the canary the call is about
   * @param webhook the webhook, from {@code spec.analysis.webhooks}
   * @param phase the phase sent in the payload
   * @param extraMetadata metadata added to the webhook's own (for event webhooks: {@code
   *     eventMessage}, {@code eventType}, {@code timestamp}); these keys win
   * @return the outcome
   */
  WebhookResult call(
      Canary canary, CanaryWebhook webhook, String phase, Map<String, String> extraMetadata);
}
