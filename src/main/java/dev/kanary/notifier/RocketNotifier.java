package dev.kanary.notifier;

/** Posts messages to a Rocket.Chat incoming webhook in Slack's format, blue or red. */
public final class RocketNotifier extends SlackStyleNotifier {

  /**
   * Creates a Rocket.Chat notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param http the sender of the requests
   */
  public RocketNotifier(Endpoint endpoint, String channel, String username, HttpSender http) {
    super("rocket", endpoint, channel, username, http, "#0076D7", "#FF0000");
  }
}
