package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import java.util.List;

/** Selects a canary's webhooks by type; a webhook with no type is a {@code rollout} hook. */
public final class Hooks {

  private Hooks() {}

  /**
   * The webhooks of one type, in spec order.
   *
   * @param canary the canary
   * @param type the type, for example {@code confirm-rollout}
   * @return the matching webhooks
   */
  public static List<CanaryWebhook> ofType(Canary canary, String type) {
    CanaryAnalysis analysis =
        canary.getSpec().analysis != null
            ? canary.getSpec().analysis
            : canary.getSpec().canaryAnalysis;
    if (analysis == null || analysis.webhooks == null) {
      return List.of();
    }
    return analysis.webhooks.stream().filter(hook -> type.equals(typeOf(hook))).toList();
  }

  /**
   * A webhook's type, {@code rollout} when unset.
   *
   * @param webhook the webhook
   * @return its type
   */
  public static String typeOf(CanaryWebhook webhook) {
    return webhook.type == null || webhook.type.isEmpty() ? "rollout" : webhook.type;
  }
}
