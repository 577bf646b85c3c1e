package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Posts messages to a Slack incoming webhook, green for progress and red for errors. */
public final class SlackNotifier implements Notifier {

  private final Endpoint endpoint;
  private final String channel;
  private final String username;
  private final HttpSender http;

  /**
   * Creates a Slack notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   */
  public SlackNotifier(Endpoint endpoint, String channel, String username, HttpSender http) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.username = Objects.requireNonNull(username, "username");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return http.post(endpoint, payload(message));
  }

  private ObjectNode payload(Message message) {
    String color = message.severity() == Severity.ERROR ? "danger" : "good";
    return SlackFormat.payload(message, channel, username, color);
  }
}
