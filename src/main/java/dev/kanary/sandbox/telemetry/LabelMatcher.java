package dev.kanary.sandbox.telemetry;

import java.util.regex.Pattern;

/**
 * One label matcher of a PromQL selector; an absent label matches as the empty string, and regular
 * expressions are anchored at both ends, as in Prometheus.
 *
 * @param name the label name, {@value Labels#NAME} for the metric name
 * @param op the operator
 * @param value the literal value or the regular expression's text
 * @param pattern the anchored regular expression, or null for {@code =} and {@code !=}
 */
record LabelMatcher(String name, Op op, String value, Pattern pattern) {

  /** The matcher operators. */
  enum Op {
    /** {@code =}. */
    EQUAL,
    /** {@code !=}. */
    NOT_EQUAL,
    /** {@code =~}. */
    REGEX,
    /** {@code !~}. */
    NOT_REGEX
  }

  /**
   * Makes a matcher, compiling its regular expression.
   *
   * @param name the label name
   * @param op the operator
   * @param value the value or regular expression
   * @return the matcher
   * @throws java.util.regex.PatternSyntaxException when the regular expression is invalid
   */
  static LabelMatcher of(String name, Op op, String value) {
    Pattern pattern =
        op == Op.REGEX || op == Op.NOT_REGEX
            ? Pattern.compile("(?:" + value + ")", Pattern.DOTALL)
            : null;
    return new LabelMatcher(name, op, value, pattern);
  }

  /**
   * Tells whether a label value satisfies this matcher.
   *
   * @param actual the value, the empty string when the label is absent
   * @return true when it matches
   */
  boolean matches(String actual) {
    return switch (op) {
      case EQUAL -> value.equals(actual);
      case NOT_EQUAL -> !value.equals(actual);
      case REGEX -> pattern.matcher(actual).matches();
      case NOT_REGEX -> !pattern.matcher(actual).matches();
    };
  }
}
