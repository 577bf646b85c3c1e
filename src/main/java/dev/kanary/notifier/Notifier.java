package dev.kanary.notifier;

import java.util.concurrent.CompletableFuture;

/**
 * Posts rollout messages to one chat endpoint: a Slack, Discord or Rocket.Chat channel, a Microsoft
 * Teams or Google Chat webhook.
 *
 * <p>The implementation for a chat system turns a {@link Message} into the JSON payload that system
 * expects, exactly as Flagger does, and hands it to an {@link HttpSender}. Posting is asynchronous:
 * {@link #post} returns at once and the returned future completes when the message was delivered or
 * delivery was given up. The future never completes exceptionally and {@link #post} never throws,
 * so a dead chat endpoint can never stop or slow down a rollout.
 *
 * <p>Implementations are immutable and safe to use from several threads. They never log or expose
 * their webhook URL or token: both are credentials.
 */
public interface Notifier {

  /**
   * The chat system this notifier posts to, as written in an AlertProvider's {@code spec.type}.
   *
   * @return {@code slack}, {@code msteams}, {@code discord}, {@code rocket}, {@code gchat}, or
   *     {@code noop} for the notifier that sends nothing
   */
  String type();

  /**
   * Posts one message to the endpoint.
   *
   * @param message the message, with its severity and fields
   * @return a future completed with the outcome of the delivery; never completed exceptionally
   */
  CompletableFuture<Delivery> post(Message message);
}
