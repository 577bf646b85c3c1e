package dev.kanary.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Evaluates the small subset of CEL that Kanary's CRD validation rules use: {@code has()}, {@code
 * size()}, field selection on {@code self}, integer and string literals, {@code + == != < <= > >=
 * && || !} and the conditional operator. Anything else is a parse error, so a rule outside the
 * subset fails the test loudly instead of passing unchecked.
 */
final class CelSubset {

  private final String text;
  private final JsonNode self;
  private int position;

  private CelSubset(String text, JsonNode self) {
    this.text = text;
    this.self = self;
  }

  /**
   * Evaluates a rule against an object.
   *
   * @param rule the CEL rule
   * @param self the object the rule is attached to
   * @return the rule's boolean result
   */
  static boolean evaluate(String rule, JsonNode self) {
    CelSubset parser = new CelSubset(rule, self);
    Object result = parser.conditional();
    parser.skipSpaces();
    if (parser.position != rule.length()) {
      throw parser.error("unexpected input");
    }
    if (!(result instanceof Boolean b)) {
      throw new IllegalArgumentException("rule does not yield a boolean: " + rule);
    }
    return b;
  }

  private Object conditional() {
    Object condition = or();
    if (accept("?")) {
      Object whenTrue = conditional();
      expect(":");
      Object whenFalse = conditional();
      return asBoolean(condition) ? whenTrue : whenFalse;
    }
    return condition;
  }

  private Object or() {
    Object left = and();
    while (accept("||")) {
      Object right = and();
      left = asBoolean(left) || asBoolean(right);
    }
    return left;
  }

  private Object and() {
    Object left = relation();
    while (accept("&&")) {
      Object right = relation();
      left = asBoolean(left) && asBoolean(right);
    }
    return left;
  }

  private Object relation() {
    Object left = sum();
    for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
      if (accept(op)) {
        Object right = sum();
        return switch (op) {
          case "==" -> Objects.equals(left, right);
          case "!=" -> !Objects.equals(left, right);
          case "<=" -> asLong(left) <= asLong(right);
          case ">=" -> asLong(left) >= asLong(right);
          case "<" -> asLong(left) < asLong(right);
          default -> asLong(left) > asLong(right);
        };
      }
    }
    return left;
  }

  private Object sum() {
    Object left = unary();
    while (accept("+")) {
      left = asLong(left) + asLong(unary());
    }
    return left;
  }

  private Object unary() {
    if (accept("!")) {
      return !asBoolean(unary());
    }
    return primary();
  }

  private Object primary() {
    skipSpaces();
    if (accept("(")) {
      Object inner = conditional();
      expect(")");
      return inner;
    }
    if (accept("has(")) {
      JsonNode node = path(true);
      expect(")");
      return node != null && !node.isMissingNode() && !node.isNull();
    }
    if (accept("size(")) {
      Object value = conditional();
      expect(")");
      if (value instanceof String s) {
        return (long) s.length();
      }
      if (value instanceof JsonNode n) {
        return (long) n.size();
      }
      throw error("size() of " + value);
    }
    if (accept("true")) {
      return true;
    }
    if (accept("false")) {
      return false;
    }
    if (peek() == '\'' || peek() == '"') {
      char quote = text.charAt(position++);
      int end = text.indexOf(quote, position);
      String literal = text.substring(position, end);
      position = end + 1;
      return literal;
    }
    if (Character.isDigit(peek())) {
      int start = position;
      while (position < text.length() && Character.isDigit(text.charAt(position))) {
        position++;
      }
      return Long.parseLong(text.substring(start, position));
    }
    JsonNode node = path(false);
    if (node == null || node.isMissingNode()) {
      throw error("no such key");
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node;
  }

  private JsonNode path(boolean forHas) {
    skipSpaces();
    if (!accept("self")) {
      throw error("expected self");
    }
    JsonNode node = self;
    while (accept(".")) {
      int start = position;
      while (position < text.length()
          && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
        position++;
      }
      String field = text.substring(start, position);
      node = node == null ? null : node.get(field);
    }
    return forHas || node != null ? node : null;
  }

  private boolean accept(String token) {
    skipSpaces();
    if (text.startsWith(token, position)) {
      position += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error("expected '" + token + "'");
    }
  }

  private char peek() {
    skipSpaces();
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private static boolean asBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("not a boolean: " + value);
  }

  private static long asLong(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    throw new IllegalArgumentException("not an integer: " + value);
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(
        message + " at position " + position + " of CEL rule: " + text);
  }
}
