package dev.kanary.notifier;

import dev.kanary.config.KanaryConfig;
import dev.kanary.validation.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates the notifier of a chat system type, and the operator's global notifier. */
public final class NotifierFactory {

  /** The channel of an AlertProvider, or of the global Slack notifier, that names none. */
  public static final String DEFAULT_CHANNEL = "general";

  /** The user name of an AlertProvider that names none. */
  public static final String DEFAULT_USERNAME = "flagger";

  private static final Logger LOG = Logger.getLogger(NotifierFactory.class);

  private NotifierFactory() {}

  /**
   * Creates the notifier of an AlertProvider type.
   *
   * @param type {@code slack}, {@code msteams}, {@code discord}, {@code rocket} or {@code gchat}
   * @param endpoint the webhook, token and proxy
   * @param channel the channel, used by the Slack-format chat systems
   * @param username the user name, used by the Slack-format chat systems
   * @param http the sender of the requests
   * @return the notifier, or empty for an unknown type
   */
  public static Optional<Notifier> create(
      String type, Endpoint endpoint, String channel, String username, HttpSender http) {
    if (type == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (type) {
          case "slack" -> new SlackNotifier(endpoint, channel, username, http);
          case "discord" -> new DiscordNotifier(endpoint, channel, username, http);
          case "rocket" -> new RocketNotifier(endpoint, channel, username, http);
          case "msteams" -> new TeamsNotifier(endpoint, http);
          case "gchat" -> new GoogleChatNotifier(endpoint, http);
          default -> null;
        });
  }

  /**
   * Creates the global notifier, used by canaries that declare no alerts: Microsoft Teams when
   * {@code kanary.msteams.url} is set, else Slack when {@code kanary.slack.url} is set, else one
   * that sends nothing. A URL that is not an absolute http(s) URL is logged, without its value, and
   * yields the notifier that sends nothing.
   *
   * @param config the operator's configuration
   * @param http the sender of the requests
   * @return the global notifier
   */
  public static Notifier global(KanaryConfig config, HttpSender http) {
    Optional<String> teamsUrl = nonBlank(config.teams().url());
    if (teamsUrl.isPresent()) {
      return url(teamsUrl.get(), "kanary.msteams.url")
          .<Notifier>map(
              url ->
                  new TeamsNotifier(
                      new Endpoint(url, Optional.empty(), config.teams().proxyUrl()), http))
          .orElseGet(NoopNotifier::new);
    }
    Optional<String> slackUrl = nonBlank(config.slack().url());
    if (slackUrl.isPresent()) {
      KanaryConfig.Slack slack = config.slack();
      return url(slackUrl.get(), "kanary.slack.url")
          .<Notifier>map(
              url ->
                  new SlackNotifier(
                      new Endpoint(url, slack.token(), slack.proxyUrl()),
                      nonBlank(slack.channel()).orElse(DEFAULT_CHANNEL),
                      slack.user().isBlank() ? DEFAULT_USERNAME : slack.user(),
                      http))
          .orElseGet(NoopNotifier::new);
    }
    return new NoopNotifier();
  }

  /**
   * Parses the webhook URL of the global notifier.
   *
   * @param value the URL, a credential
   * @param source the configuration property it comes from, for the log
   * @return the URL, or empty (logged without the value) when it is not an absolute http(s) URL
   */
  private static Optional<URI> url(String value, String source) {
    Optional<URI> url = httpUrl(value);
    if (url.isEmpty()) {
      LOG.warnf(
          "%s is not an absolute http(s) URL (%s); no alert is sent through it",
          source, Redaction.url(value));
    }
    return url;
  }

  /**
   * Parses an absolute http(s) URL.
   *
   * @param value the URL
   * @return the URL, or empty when it is not an absolute http(s) URL with a host
   */
  static Optional<URI> httpUrl(String value) {
    try {
      URI url = new URI(value.trim());
      String scheme = url.getScheme();
      boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      return http && url.getHost() != null ? Optional.of(url) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.filter(v -> !v.isBlank());
  }
}
