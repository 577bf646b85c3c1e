package dev.kanary.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A metric query with Flagger's Go-template placeholders: {@code {{ name }}}, {@code {{ namespace
 * }}}, {@code {{ target }}}, {@code {{ service }}}, {@code {{ ingress }}}, {@code {{ route }}},
 * {@code {{ interval }}} and {@code {{ variables.<key> }}}.
 *
 * <p>Spaces inside the braces are optional, and Go's trim markers are honoured: {@code {{- x }}}
 * drops the whitespace before the placeholder, {@code {{ x -}}} the whitespace after it. Nothing
 * else of Go's template language is supported. An unclosed {@code {{}, an unknown placeholder and
 * a variable the metric does not define are errors, never an empty string: Flagger renders with
 * {@code missingkey=error} too.
 */
public final class QueryTemplate {

  /** The placeholders that stand for a value of the {@link TemplateModel}. */
  public static final Set<String> NAMES =
      Set.of("name", "namespace", "target", "service", "ingress", "route", "interval");

  private static final String VARIABLES = "variables.";
  private static final Pattern VARIABLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";

  private final List<Part> parts;

  private QueryTemplate(List<Part> parts) {
    this.parts = parts;
  }

  /**
   * Parses a query template.
   *
   * @param text the template, for example {@code rate(x{ns="{{ namespace }}"}[{{ interval }}])}
   * @return the parsed template
   * @throws QueryTemplateException when a {@code {{} is not closed or a placeholder is unknown
   */
  public static QueryTemplate parse(String text) throws QueryTemplateException {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int position = 0;
    while (true) {
      int open = text.indexOf(OPEN, position);
      if (open < 0) {
        literal.append(text, position, text.length());
        break;
      }
      int close = text.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        throw new QueryTemplateException(
            "unclosed '{{' at " + where(text, open) + ": no '}}' follows it");
      }
      String inside = text.substring(open + OPEN.length(), close);
      boolean trimBefore = inside.startsWith("- ") || inside.startsWith("-\t");
      boolean trimAfter = inside.endsWith(" -") || inside.endsWith("\t-");
      String expression =
          inside.substring(trimBefore ? 1 : 0, inside.length() - (trimAfter ? 1 : 0)).strip();
      literal.append(text, position, open);
      if (trimBefore) {
        stripTrailingWhitespace(literal);
      }
      parts.add(new Literal(literal.toString()));
      literal.setLength(0);
      parts.add(placeholder(expression, text, open));
      position = close + CLOSE.length();
      if (trimAfter) {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
          position++;
        }
      }
    }
    parts.add(new Literal(literal.toString()));
    return new QueryTemplate(List.copyOf(parts));
  }

  /**
   * Parses and renders a query template in one step.
   *
   * @param text the template
   * @param model the values of its placeholders
   * @return the query
   * @throws QueryTemplateException when the template is malformed or names a missing value
   */
  public static String render(String text, TemplateModel model) throws QueryTemplateException {
    return parse(text).render(model);
  }

  /**
   * Renders this template.
   *
   * @param model the values of its placeholders
   * @return the query, whitespace kept as written
   * @throws QueryTemplateException when a {@code {{ variables.<key> }}} names a variable the model
   *     does not define
   */
  public String render(TemplateModel model) throws QueryTemplateException {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      out.append(part.value(model));
    }
    return out.toString();
  }

  private static Part placeholder(String expression, String text, int at)
      throws QueryTemplateException {
    if (NAMES.contains(expression)) {
      return new Field(expression);
    }
    if (expression.startsWith(VARIABLES)) {
      String key = expression.substring(VARIABLES.length());
      if (VARIABLE_KEY.matcher(key).matches()) {
        return new Variable(key);
      }
    }
    String shown = expression.isEmpty() ? "{{ }}" : "{{ " + expression + " }}";
    throw new QueryTemplateException(
        "unknown placeholder "
            + shown
            + " at "
            + where(text, at)
            + "; known: "
            + String.join(", ", new TreeSet<>(NAMES))
            + " and variables.<key>");
  }

  private static void stripTrailingWhitespace(StringBuilder text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    text.setLength(end);
  }

  private static String where(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (offset - lineStart + 1);
  }

  /** One piece of a parsed template. */
  private sealed interface Part permits Literal, Field, Variable {

    /**
     * The text this piece renders to.
     *
     * @param model the values of the placeholders
     * @return the text
     * @throws QueryTemplateException when the piece names a missing variable
     */
    String value(TemplateModel model) throws QueryTemplateException;
  }

  /** Text copied as it is. */
  private record Literal(String text) implements Part {
    @Override
    public String value(TemplateModel model) {
      return text;
    }
  }

  /** A value of the model other than a variable. */
  private record Field(String name) implements Part {
    @Override
    public String value(TemplateModel model) {
      return switch (name) {
        case "name" -> model.name();
        case "namespace" -> model.namespace();
        case "target" -> model.target();
        case "service" -> model.service();
        case "ingress" -> model.ingress();
        case "route" -> model.route();
        default -> model.interval();
      };
    }
  }

  /** One of the metric's template variables. */
  private record Variable(String key) implements Part {
    @Override
    public String value(TemplateModel model) throws QueryTemplateException {
      String value = model.variables().get(key);
      if (value == null) {
        throw new QueryTemplateException(
            "missing template variable '"
                + key
                + "' used by {{ variables."
                + key
                + " }}; templateVariables defines "
                + (model.variables().isEmpty()
                    ? "none"
                    : String.join(", ", new TreeSet<>(model.variables().keySet()))));
      }
      return value;
    }
  }
}
