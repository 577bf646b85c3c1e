package dev.kanary.notifier;

import dev.kanary.api.v1beta1.Canary;

/**
 * Tells people about a canary's rollout in chat: through the AlertProviders its {@code
 * analysis.alerts} name (filtered by severity), else through the operator's global notifier.
 */
public interface AlertSender {

  /**
   * Sends an alert. Never throws and never delays the rollout beyond the notifier's timeout budget:
   * a dead chat endpoint is logged and counted, and the rollout goes on.
   *
   * @param canary the canary the alert is about
   * @param severity how serious it is
   * @param message the message, one of Flagger's alert texts
   * @param withDetails whether to add the canary's details (target, failed checks threshold,
   *     progress deadline, traffic routing), as Flagger does for initialization and new revisions
   */
  void send(Canary canary, Severity severity, String message, boolean withDetails);
}
