package dev.kanary.validation;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks that a string is an absolute HTTP or HTTPS URL. */
final class Urls {

  private Urls() {}

  /**
   * Tells whether a value is an absolute http(s) URL with a host.
   *
   * @param value the value to check
   * @return true when it can be used as an HTTP endpoint
   */
  static boolean isHttpUrl(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
