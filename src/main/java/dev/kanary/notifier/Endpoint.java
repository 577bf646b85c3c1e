package dev.kanary.notifier;

import dev.kanary.validation.Redaction;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a notifier posts: a webhook URL, an optional bearer token and an optional HTTP proxy.
 *
 * <p>URL and token are credentials: {@link #toString()} shows only the URL's scheme and host.
 *
 * @param url the webhook URL
 * @param token the token sent as {@code Authorization: Bearer <token>}, if any
 * @param proxy the HTTP proxy URL the requests go through, if any
 */
public record Endpoint(URI url, Optional<String> token, Optional<String> proxy) {

  /** Checks the URL and drops blank token and proxy. */
  public Endpoint {
    Objects.requireNonNull(url, "url");
    token = token.filter(value -> !value.isBlank());
    proxy = proxy.filter(value -> !value.isBlank()).map(String::trim);
  }

  /**
   * An endpoint without token or proxy.
   *
   * @param url the webhook URL
   * @return the endpoint
   */
  public static Endpoint of(URI url) {
    return new Endpoint(url, Optional.empty(), Optional.empty());
  }

  /**
   * The same endpoint at another URL, for chat systems that post to a fixed sub-path.
   *
   * @param other the URL to post to instead
   * @return the endpoint with the same token and proxy
   */
  public Endpoint withUrl(URI other) {
    return new Endpoint(other, token, proxy);
  }

  /**
   * The part of the URL that may be shown to people.
   *
   * @return {@code scheme://host[:port]}
   */
  public String redacted() {
    return Redaction.url(url.toString());
  }

  @Override
  public String toString() {
    return "Endpoint[" + redacted() + (token.isPresent() ? ", token set" : "") + "]";
  }
}
