package dev.kanary.notifier;

/** Posts messages to a Slack incoming webhook, green for progress and red for errors. */
public final class SlackNotifier extends SlackStyleNotifier {

  /**
   * Creates a Slack notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   */
  public SlackNotifier(Endpoint endpoint, String channel, String username, HttpSender http) {
    super("slack", endpoint, channel, username, http, "good", "danger");
  }
}
