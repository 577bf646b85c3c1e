package dev.kanary.notifier;

import java.util.concurrent.CompletableFuture;

/** Sends nothing: the notifier used when no chat system is configured. */
public final class NoopNotifier implements Notifier {

  @Override
  public String type() {
    return "noop";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return CompletableFuture.completedFuture(Delivery.sent(0));
  }
}
