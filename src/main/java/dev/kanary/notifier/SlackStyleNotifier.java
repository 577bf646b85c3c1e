package dev.kanary.notifier;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A notifier posting Slack's attachment format: the shared shape of Slack, Discord and Rocket.Chat,
 * which differ only in their type, their colors and where they post.
 */
abstract class SlackStyleNotifier implements Notifier {

  private final String type;
  private final Endpoint endpoint;
  private final String channel;
  private final String username;
  private final HttpSender http;
  private final String progressColor;
  private final String errorColor;

  /**
   * Creates the notifier.
   *
   * @param type the chat system's name
   * @param endpoint the webhook, with the bearer token sent when set
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   * @param progressColor the attachment color of info and warning messages
   * @param errorColor the attachment color of errors
   */
  SlackStyleNotifier(
      String type,
      Endpoint endpoint,
      String channel,
      String username,
      HttpSender http,
      String progressColor,
      String errorColor) {
    this.type = type;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.username = Objects.requireNonNull(username, "username");
    this.http = Objects.requireNonNull(http, "http");
    this.progressColor = progressColor;
    this.errorColor = errorColor;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    String color = message.severity() == Severity.ERROR ? errorColor : progressColor;
    return http.post(endpoint, SlackFormat.payload(message, channel, username, color));
  }
}
