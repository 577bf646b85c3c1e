package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.events.EventRecorder;
import dev.kanary.webhook.WebhookClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Tells what happens to a canary: a Kubernetes Event (reason {@code Synced}, Flagger's texts), a
 * log line naming {@code canary=name.namespace}, and a call to the canary's event webhooks (or the
 * global event webhook), made in the background so it never slows the rollout.
 */
public class CanaryEvents {

  private static final Logger LOG = Logger.getLogger(CanaryEvents.class);

  private final EventRecorder recorder;
  private final WebhookClient webhooks;
  private final Optional<String> globalEventWebhook;
  private final Executor background;
  private final Clock clock;

  /**
   * Creates the event sink.
   *
   * @param recorder where Kubernetes Events go
   * @param webhooks the client event webhooks are called with
   * @param globalEventWebhook the operator's event webhook URL, for canaries that declare none
   * @param background where event webhooks are called
   * @param clock the clock that stamps the webhook payload
   */
  public CanaryEvents(
      EventRecorder recorder,
      WebhookClient webhooks,
      Optional<String> globalEventWebhook,
      Executor background,
      Clock clock) {
    this.recorder = recorder;
    this.webhooks = webhooks;
    this.globalEventWebhook = globalEventWebhook.filter(url -> !url.isBlank());
    this.background = background;
    this.clock = clock;
  }

  /**
   * Records an informational event.
   *
   * @param canary the canary
   * @param message Flagger's message text
   */
  public void info(Canary canary, String message) {
    LOG.infof("canary=%s %s", Names.of(canary), message);
    recorder.normal(canary, EventRecorder.SYNCED, message);
    callEventWebhooks(canary, "Normal", message);
  }

  /**
   * Records a warning event.
   *
   * @param canary the canary
   * @param message Flagger's message text
   */
  public void warn(Canary canary, String message) {
    LOG.warnf("canary=%s %s", Names.of(canary), message);
    recorder.warning(canary, EventRecorder.SYNCED, message);
    callEventWebhooks(canary, "Warning", message);
  }

  private void callEventWebhooks(Canary canary, String type, String message) {
    List<CanaryWebhook> hooks = Hooks.ofType(canary, "event");
    if (hooks.isEmpty() && globalEventWebhook.isPresent()) {
      CanaryWebhook global = new CanaryWebhook();
      global.name = "event";
      global.type = "event";
      global.url = globalEventWebhook.get();
      hooks = List.of(global);
    }
    if (hooks.isEmpty()) {
      return;
    }
    String phase = CanaryStatuses.phase(canary).wireName();
    Map<String, String> metadata =
        Map.of(
            "eventMessage", message,
            "eventType", type,
            "timestamp", Long.toString(clock.millis()));
    Canary snapshot = canary;
    for (CanaryWebhook hook : hooks) {
      background.execute(() -> webhooks.call(snapshot, hook, phase, metadata));
    }
  }
}
