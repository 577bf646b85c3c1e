package dev.kanary.notifier;

import java.net.URI;
import java.util.Objects;

/**
 * Posts messages to a Discord webhook through its Slack-compatible path {@code <url>/slack}, in
 * Slack's format.
 */
public final class DiscordNotifier extends SlackStyleNotifier {

  private static final String SLACK_PATH = "/slack";

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
    super(
        "discord",
        Objects.requireNonNull(endpoint, "endpoint").withUrl(slackUrl(endpoint.url())),
        channel,
        username,
        http,
        "good",
        "danger");
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
