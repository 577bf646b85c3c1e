package dev.kanary.validation;

import java.net.URI;
import java.net.URISyntaxException;

/** Shortens URLs to what may be shown to people: scheme, host and port, never credentials. */
public final class Redaction {

  private Redaction() {}

  /**
   * The part of a URL that carries no credential.
   *
   * @param url a URL, possibly with user info, a secret path or a token in its query
   * @return {@code scheme://host[:port]}, or {@code <invalid URL>} when it cannot be parsed
   */
  public static String url(String url) {
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return "<invalid URL>";
      }
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (URISyntaxException e) {
      return "<invalid URL>";
    }
  }
}
