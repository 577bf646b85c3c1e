package dev.kanary.loadtester;

import java.util.regex.Pattern;

/** Removes credentials from text written to the log. */
final class Redact {

  private static final Pattern USER_INFO = Pattern.compile("://[^/@\\s'\"]+@");
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)((?:authorization|cookie|x-api-key|token)\\s*:\\s*)[^'\"]+");

  private Redact() {}

  /**
   * A command with the user info of its URLs and the values of credential headers masked.
   *
   * @param command the command
   * @return for example {@code curl -H 'Authorization: ***' http://***@host/}
   */
  static String command(String command) {
    String masked = USER_INFO.matcher(command).replaceAll("://***@");
    return AUTHORIZATION.matcher(masked).replaceAll("$1***");
  }
}
