package dev.kanary.sandbox.mesh;

import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The string matching and weighted choice the simulated mesh's routing rules share. */
final class Matching {

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final Pattern NEVER = Pattern.compile("(?!)");

  private Matching() {}

  /**
   * Tells whether a value matches an Istio string match, regexes matching the whole value as
   * Envoy's do.
   *
   * @param match the match, null matching everything
   * @param value the value, null when absent
   * @return true when it matches
   */
  static boolean matches(StringMatch match, String value) {
    if (match == null) {
      return true;
    }
    if (value == null) {
      return false;
    }
    if (match.exact != null) {
      return match.exact.equals(value);
    }
    if (match.prefix != null) {
      return value.startsWith(match.prefix);
    }
    return match.regex == null || fullMatch(match.regex, value);
  }

  /**
   * Tells whether a regular expression matches a whole value; an invalid expression matches
   * nothing, as an invalid route matches no request.
   *
   * @param regex the expression
   * @param value the value
   * @return true when it matches
   */
  static boolean fullMatch(String regex, String value) {
    return PATTERNS.computeIfAbsent(regex, Matching::compile).matcher(value).matches();
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return NEVER;
    }
  }

  /**
   * Draws one of several choices in proportion to their weights.
   *
   * @param choices the choices
   * @param weight each choice's weight, negative counted as zero
   * @param <T> the type of the choices
   * @return the drawn choice, or null when every weight is zero
   */
  static <T> T weighted(List<T> choices, ToIntFunction<T> weight) {
    long total = 0;
    for (T choice : choices) {
      total += Math.max(0, weight.applyAsInt(choice));
    }
    if (total == 0) {
      return null;
    }
    long draw = ThreadLocalRandom.current().nextLong(total);
    for (T choice : choices) {
      draw -= Math.max(0, weight.applyAsInt(choice));
      if (draw < 0) {
        return choice;
      }
    }
    throw new IllegalStateException("unreachable: the draw is below the total");
  }
}
