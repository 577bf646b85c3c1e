package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Posts messages to a Discord webhook through its Slack-compatible path {@code <url>/slack}, in
 * Slack's format.
 */
public final class DiscordNotifier implements Notifier {

  private static final String SLACK_PATH = "/slack";

  private final Endpoint endpoint;
  private final String channel;
  private final String username;
  private final HttpSender http;

  /**
   * Creates a Discord notifier.
   *
   * @param endpoint the webhook as Discord shows it; {@code /slack} is appended to its path unless
   *     already there
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   */
  public DiscordNotifier(Endpoint endpoint, String channel, String username, HttpSender http) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint").withUrl(slackUrl(endpoint.url()));
    this.channel = Objects.requireNonNull(channel, "channel");
    this.username = Objects.requireNonNull(username, "username");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public String type() {
    return "discord";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return http.post(endpoint, payload(message));
  }

  private ObjectNode payload(Message message) {
    String color = message.severity() == Severity.ERROR ? "danger" : "good";
    return SlackFormat.payload(message, channel, username, color);
  }

  private static URI slackUrl(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    if (path.endsWith(SLACK_PATH)) {
      return url;
    }
    String joined = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + SLACK_PATH;
    return URI.create(
        url.getScheme()
            + "://"
            + url.getRawAuthority()
            + joined
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
  }
}
