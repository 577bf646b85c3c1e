package dev.kanary.canary.fakes;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.notifier.AlertSender;
import dev.kanary.notifier.Severity;
import java.util.ArrayList;
import java.util.List;

/** Records every alert as {@code SEVERITY message}. */
public final class RecordingAlerts implements AlertSender {

  /** The alerts sent. */
  public final List<String> sent = new ArrayList<>();

  @Override
  public void send(Canary canary, Severity severity, String message, boolean withDetails) {
    sent.add(severity + " " + message);
  }
}
