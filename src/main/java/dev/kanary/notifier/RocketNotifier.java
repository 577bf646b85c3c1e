package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Posts messages to a Rocket.Chat incoming webhook in Slack's format, blue or red. */
public final class RocketNotifier implements Notifier {

  private final Endpoint endpoint;
  private final String channel;
  private final String username;
  private final HttpSender http;

  /**
   * Creates a Rocket.Chat notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   */
  public RocketNotifier(Endpoint endpoint, String channel, String username, HttpSender http) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.username = Objects.requireNonNull(username, "username");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public String type() {
    return "rocket";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return http.post(endpoint, payload(message));
  }

  private ObjectNode payload(Message message) {
    String color = message.severity() == Severity.ERROR ? "#FF0000" : "#0076D7";
    return SlackFormat.payload(message, channel, username, color);
  }
}
