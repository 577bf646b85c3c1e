package dev.kanary.canary;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written the Go way ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 2h}). */
public final class Durations {

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a Go duration.
   *
   * @param text the duration, for example {@code 1m30s}
   * @return the duration, or empty when the text is not a well-formed positive-or-zero duration
   */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = PART.matcher(text);
    int position = 0;
    long nanos = 0;
    while (position < text.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        return Optional.empty();
      }
      double amount = Double.parseDouble(matcher.group(1));
      nanos += Math.round(amount * nanosPerUnit(matcher.group(2)));
      position = matcher.end();
    }
    return Optional.of(Duration.ofNanos(nanos));
  }

  private static long nanosPerUnit(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
  }
}
