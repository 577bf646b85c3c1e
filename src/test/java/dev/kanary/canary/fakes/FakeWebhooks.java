package dev.kanary.canary.fakes;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.webhook.WebhookClient;
import dev.kanary.webhook.WebhookResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Webhooks that answer what a test sets per webhook name; unset webhooks succeed. */
public final class FakeWebhooks implements WebhookClient {

  /** Answers by webhook name. */
  public final Map<String, WebhookResult> answers = new HashMap<>();

  /** Every call as {@code name:phase}. */
  public final List<String> calls = new ArrayList<>();

  /**
   * Makes a webhook refuse.
   *
   * @param name the webhook's name
   */
  public void refuse(String name) {
    answers.put(name, new WebhookResult(false, 403, "Forbidden"));
  }

  /**
   * Makes a webhook accept.
   *
   * @param name the webhook's name
   */
  public void accept(String name) {
    answers.put(name, new WebhookResult(true, 200, ""));
  }

  @Override
  public WebhookResult call(
      Canary canary, CanaryWebhook webhook, String phase, Map<String, String> extraMetadata) {
    calls.add(webhook.name + ":" + phase);
    return answers.getOrDefault(webhook.name, new WebhookResult(true, 200, ""));
  }
}
