package dev.kanary.sandbox.telemetry;

import dev.kanary.sandbox.telemetry.Expr.Type;
import dev.kanary.sandbox.telemetry.LabelMatcher.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses and type-checks the PromQL subset of {@link PromQlEngine}; whatever lies outside the
 * subset is refused with a message that says so.
 */
final class PromQlParser {

  private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count");
  private static final Set<String> OTHER_AGGREGATIONS =
      Set.of(
          "group",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "limitk",
          "limit_ratio");

  /** The supported functions and the types of their arguments. */
  private static final Map<String, List<Type>> FUNCTIONS =
      Map.of(
          "rate", List.of(Type.MATRIX),
          "increase", List.of(Type.MATRIX),
          "histogram_quantile", List.of(Type.SCALAR, Type.VECTOR),
          "vector", List.of(Type.SCALAR),
          "scalar", List.of(Type.VECTOR));

  private static final Set<String> OTHER_FUNCTIONS =
      Set.of(
          "abs",
          "absent",
          "absent_over_time",
          "avg_over_time",
          "ceil",
          "changes",
          "clamp",
          "clamp_max",
          "clamp_min",
          "count_over_time",
          "delta",
          "deriv",
          "exp",
          "floor",
          "histogram_count",
          "histogram_sum",
          "holt_winters",
          "idelta",
          "irate",
          "label_join",
          "label_replace",
          "ln",
          "log10",
          "log2",
          "max_over_time",
          "min_over_time",
          "predict_linear",
          "quantile_over_time",
          "resets",
          "round",
          "sort",
          "sort_desc",
          "sqrt",
          "stddev_over_time",
          "sum_over_time",
          "time",
          "timestamp",
          "last_over_time",
          "present_over_time");

  private static final Set<String> MODIFIERS =
      Set.of("bool", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");

  private static final Pattern NUMBER =
      Pattern.compile("0[xX][0-9a-fA-F]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern DURATION =
      Pattern.compile(
          "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"
              + "(?:([0-9]+)ms)?");
  private static final long[] DURATION_UNITS = {
    365L * 24 * 3600 * 1000,
    7L * 24 * 3600 * 1000,
    24L * 3600 * 1000,
    3600 * 1000,
    60 * 1000,
    1000,
    1
  };

  /** The kinds of tokens. */
  private enum Kind {
    NUMBER,
    STRING,
    IDENTIFIER,
    DURATION,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACE,
    RIGHT_BRACE,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    OPERATOR,
    END
  }

  /**
   * One token.
   *
   * @param kind its kind
   * @param text its text; a string's unquoted value
   * @param position the offset of its first character
   */
  private record Token(Kind kind, String text, int position) {
    boolean is(Kind wanted, String wantedText) {
      return kind == wanted && text.equals(wantedText);
    }

    String describe() {
      return switch (kind) {
        case END -> "end of input";
        case STRING -> "string \"" + text + "\"";
        case NUMBER -> "number \"" + text + "\"";
        case IDENTIFIER -> "identifier \"" + text + "\"";
        case DURATION -> "duration \"" + text + "\"";
        default -> "\"" + text + "\"";
      };
    }
  }

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int next;

  private PromQlParser(String input) {
    this.input = input;
  }

  /**
   * Parses and type-checks a query.
   *
   * @param input the query's text
   * @return the expression
   * @throws PromQlException of type {@code bad_data} when the query is malformed, ill-typed or
   *     outside the subset
   */
  static Expr parse(String input) throws PromQlException {
    PromQlParser parser = new PromQlParser(input);
    parser.lex();
    if (parser.peek().kind() == Kind.END) {
      throw parser.error(parser.peek(), "no expression found in input");
    }
    Expr expr = parser.expression();
    Token last = parser.peek();
    if (last.kind() != Kind.END) {
      throw parser.unexpected(last);
    }
    return expr;
  }

  private Expr expression() throws PromQlException {
    Expr lhs = multiplicative();
    while (peek().is(Kind.OPERATOR, "+") || peek().is(Kind.OPERATOR, "-")) {
      Token op = operator();
      lhs = binary(op, lhs, multiplicative());
    }
    return lhs;
  }

  private Expr multiplicative() throws PromQlException {
    Expr lhs = unary();
    while (peek().is(Kind.OPERATOR, "*")
        || peek().is(Kind.OPERATOR, "/")
        || peek().is(Kind.OPERATOR, "%")) {
      Token op = operator();
      lhs = binary(op, lhs, unary());
    }
    return lhs;
  }

  private Token operator() throws PromQlException {
    Token op = take();
    Token modifier = peek();
    if (modifier.kind() == Kind.IDENTIFIER && MODIFIERS.contains(modifier.text())) {
      throw error(
          modifier,
          "the vector matching modifier \""
              + modifier.text()
              + "\" is not supported by the sandbox's PromQL subset (it matches one-to-one on"
              + " all labels)");
    }
    return op;
  }

  private Expr binary(Token op, Expr lhs, Expr rhs) throws PromQlException {
    if (lhs.type() == Type.MATRIX || rhs.type() == Type.MATRIX) {
      throw error(op, "binary expression must contain only scalar and instant vector types");
    }
    return new Expr.Binary(op.text().charAt(0), lhs, rhs);
  }

  private Expr unary() throws PromQlException {
    if (peek().is(Kind.OPERATOR, "-") || peek().is(Kind.OPERATOR, "+")) {
      Token sign = take();
      Expr operand = unary();
      if (operand.type() == Type.MATRIX) {
        throw error(sign, "unary expression only allowed on expressions of type scalar or vector");
      }
      if (sign.text().equals("+")) {
        return operand;
      }
      return operand instanceof Expr.NumberLiteral number
          ? new Expr.NumberLiteral(-number.value())
          : new Expr.Negation(operand);
    }
    return postfix();
  }

  private Expr postfix() throws PromQlException {
    Expr expr = primary();
    if (peek().kind() == Kind.LEFT_BRACKET) {
      Token bracket = take();
      if (!(expr instanceof Expr.VectorSelector selector)) {
        throw error(
            bracket,
            "ranges only allowed for vector selectors (subqueries are not supported by the"
                + " sandbox's PromQL subset)");
      }
      Token duration = take();
      if (duration.kind() != Kind.DURATION) {
        throw unexpected(duration);
      }
      long range = duration(duration);
      Token close = take();
      if (close.kind() != Kind.RIGHT_BRACKET) {
        throw close.text().startsWith(":")
            ? error(close, "subqueries are not supported by the sandbox's PromQL subset")
            : unexpected(close);
      }
      expr = new Expr.MatrixSelector(selector, range);
    }
    Token after = peek();
    if (after.is(Kind.IDENTIFIER, "offset") || after.is(Kind.OPERATOR, "@")) {
      throw error(
          after,
          "the "
              + (after.text().equals("@") ? "@" : "offset")
              + " modifier is not supported by the sandbox's PromQL subset");
    }
    if (after.kind() == Kind.OPERATOR && !"+-*/%".contains(after.text())) {
      throw error(
          after,
          "the operator \""
              + after.text()
              + "\" is not supported by the sandbox's PromQL subset (it has + - * / %)");
    }
    if (after.kind() == Kind.IDENTIFIER && SET_OPERATORS.contains(after.text())) {
      throw error(
          after,
          "the operator \"" + after.text() + "\" is not supported by the sandbox's PromQL subset");
    }
    return expr;
  }

  private Expr primary() throws PromQlException {
    Token token = take();
    switch (token.kind()) {
      case NUMBER:
        return new Expr.NumberLiteral(number(token));
      case LEFT_PAREN:
        {
          Expr inner = expression();
          expect(Kind.RIGHT_PAREN);
          return inner;
        }
      case LEFT_BRACE:
        return selector(null, token);
      case IDENTIFIER:
        return identifier(token);
      case DURATION:
        throw error(token, "bad number or duration syntax: \"" + token.text() + "\"");
      case STRING:
        throw error(token, "string literals are not supported by the sandbox's PromQL subset");
      default:
        throw unexpected(token);
    }
  }

  private Expr identifier(Token token) throws PromQlException {
    String name = token.text();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      return new Expr.NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
    }
    boolean opens = peek().kind() == Kind.LEFT_PAREN;
    boolean grouped = peek().is(Kind.IDENTIFIER, "by") || peek().is(Kind.IDENTIFIER, "without");
    if (AGGREGATIONS.contains(name) && (opens || grouped)) {
      return aggregate(token);
    }
    if (OTHER_AGGREGATIONS.contains(name) && (opens || grouped)) {
      throw error(
          token,
          "the aggregation \""
              + name
              + "\" is not supported by the sandbox's PromQL subset (it has "
              + String.join(", ", new TreeSet<>(AGGREGATIONS))
              + ")");
    }
    if (opens) {
      return call(token);
    }
    if (peek().kind() == Kind.LEFT_BRACE) {
      Token brace = take();
      return selector(name, brace);
    }
    return selector(name, List.of(), token);
  }

  private Expr aggregate(Token op) throws PromQlException {
    List<String> grouping = List.of();
    boolean without = false;
    boolean hasClause = false;
    if (peek().kind() == Kind.IDENTIFIER) {
      without = take().text().equals("without");
      grouping = grouping();
      hasClause = true;
    }
    expect(Kind.LEFT_PAREN);
    Expr operand = expression();
    if (peek().kind() == Kind.COMMA) {
      throw error(peek(), "wrong number of arguments for aggregate expression, expected 1");
    }
    expect(Kind.RIGHT_PAREN);
    if (!hasClause && (peek().is(Kind.IDENTIFIER, "by") || peek().is(Kind.IDENTIFIER, "without"))) {
      without = take().text().equals("without");
      grouping = grouping();
    }
    if (operand.type() != Type.VECTOR) {
      throw error(
          op,
          "expected type instant vector in aggregation expression, got " + operand.type().text());
    }
    return new Expr.Aggregate(op.text(), operand, grouping, without);
  }

  private List<String> grouping() throws PromQlException {
    expect(Kind.LEFT_PAREN);
    List<String> labels = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      Token label = take();
      if (label.kind() != Kind.IDENTIFIER || label.text().contains(":")) {
        throw unexpected(label);
      }
      labels.add(label.text());
      if (peek().kind() != Kind.RIGHT_PAREN) {
        expect(Kind.COMMA);
      }
    }
    take();
    return List.copyOf(labels);
  }

  private Expr call(Token name) throws PromQlException {
    expect(Kind.LEFT_PAREN);
    List<Expr> args = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      args.add(expression());
      if (peek().kind() != Kind.RIGHT_PAREN) {
        expect(Kind.COMMA);
      }
    }
    take();
    List<Type> signature = FUNCTIONS.get(name.text());
    if (signature == null) {
      throw error(
          name,
          OTHER_FUNCTIONS.contains(name.text())
              ? "the function \""
                  + name.text()
                  + "\" is not supported by the sandbox's PromQL subset (it has "
                  + String.join(", ", new TreeSet<>(FUNCTIONS.keySet()))
                  + ")"
              : "unknown function with name \"" + name.text() + "\"");
    }
    if (args.size() != signature.size()) {
      throw error(
          name,
          "expected "
              + signature.size()
              + " argument(s) in call to \""
              + name.text()
              + "\", got "
              + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).type() != signature.get(i)) {
        throw error(
            name,
            "expected type "
                + signature.get(i).text()
                + " in call to function \""
                + name.text()
                + "\", got "
                + args.get(i).type().text());
      }
    }
    Type result = name.text().equals("scalar") ? Type.SCALAR : Type.VECTOR;
    return new Expr.Call(name.text(), List.copyOf(args), result);
  }

  private Expr selector(String name, Token brace) throws PromQlException {
    List<LabelMatcher> matchers = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_BRACE) {
      Token label = take();
      if (label.kind() != Kind.IDENTIFIER || label.text().contains(":")) {
        throw unexpected(label);
      }
      Token op = take();
      Op matchOp =
          switch (op.kind() == Kind.OPERATOR ? op.text() : "") {
            case "=" -> Op.EQUAL;
            case "!=" -> Op.NOT_EQUAL;
            case "=~" -> Op.REGEX;
            case "!~" -> Op.NOT_REGEX;
            default -> throw unexpected(op);
          };
      Token value = take();
      if (value.kind() != Kind.STRING) {
        throw unexpected(value);
      }
      try {
        matchers.add(LabelMatcher.of(label.text(), matchOp, value.text()));
      } catch (PatternSyntaxException e) {
        throw error(
            value, "error parsing regexp: " + e.getDescription() + ": `" + value.text() + "`");
      }
      if (peek().kind() != Kind.RIGHT_BRACE) {
        expect(Kind.COMMA);
      }
    }
    take();
    return selector(name, matchers, brace);
  }

  private Expr selector(String name, List<LabelMatcher> matchers, Token at) throws PromQlException {
    List<LabelMatcher> all = new ArrayList<>();
    if (name != null) {
      for (LabelMatcher matcher : matchers) {
        if (matcher.name().equals(Labels.NAME)) {
          throw error(at, "metric name must not be set twice: \"" + name + "\"");
        }
      }
      all.add(LabelMatcher.of(Labels.NAME, Op.EQUAL, name));
    }
    all.addAll(matchers);
    if (all.stream().allMatch(matcher -> matcher.matches(""))) {
      throw error(at, "vector selector must contain at least one non-empty matcher");
    }
    return new Expr.VectorSelector(List.copyOf(all));
  }

  private double number(Token token) throws PromQlException {
    String text = token.text();
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return Long.parseLong(text.substring(2), 16);
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error(token, "bad number or duration syntax: \"" + text + "\"");
    }
  }

  private long duration(Token token) throws PromQlException {
    Matcher matcher = DURATION.matcher(token.text());
    if (token.text().isEmpty() || !matcher.matches()) {
      throw error(token, "not a valid duration string: \"" + token.text() + "\"");
    }
    long millis = 0;
    for (int group = 1; group <= DURATION_UNITS.length; group++) {
      if (matcher.group(group) != null) {
        millis += Long.parseLong(matcher.group(group)) * DURATION_UNITS[group - 1];
      }
    }
    if (millis <= 0) {
      throw error(token, "duration must be greater than 0");
    }
    return millis;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token token = tokens.get(next);
    if (token.kind() != Kind.END) {
      next++;
    }
    return token;
  }

  private void expect(Kind kind) throws PromQlException {
    Token token = take();
    if (token.kind() != kind) {
      throw unexpected(token);
    }
  }

  private PromQlException unexpected(Token token) {
    return error(token, "unexpected " + token.describe());
  }

  private PromQlException error(Token token, String message) {
    return error(token.position(), message);
  }

  private PromQlException error(int position, String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < position && i < input.length(); i++) {
      if (input.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return PromQlException.badData(line + ":" + column + ": parse error: " + message);
  }

  private void lex() throws PromQlException {
    int i = 0;
    int length = input.length();
    while (i < length) {
      char c = input.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < length && input.charAt(i) != '\n') {
          i++;
        }
      } else if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(input.charAt(i + 1)))) {
        Matcher matcher = NUMBER.matcher(input).region(i, length);
        matcher.lookingAt();
        int end = matcher.end();
        Kind kind = Kind.NUMBER;
        while (end < length && isIdentifierPart(input.charAt(end))) {
          kind = Kind.DURATION;
          end++;
        }
        tokens.add(new Token(kind, input.substring(i, end), i));
        i = end;
      } else if (isLetter(c) || c == '_' || c == ':') {
        int end = i + 1;
        while (end < length && isIdentifierPart(input.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.IDENTIFIER, input.substring(i, end), i));
        i = end;
      } else if (c == '"' || c == '\'' || c == '`') {
        i = string(i);
      } else if (c == '[') {
        tokens.add(new Token(Kind.LEFT_BRACKET, "[", i));
        i++;
        while (i < length && Character.isWhitespace(input.charAt(i))) {
          i++;
        }
        int end = i;
        while (end < length && (isLetter(input.charAt(end)) || isDigit(input.charAt(end)))) {
          end++;
        }
        tokens.add(new Token(Kind.DURATION, input.substring(i, end), i));
        i = end;
      } else {
        i = symbol(c, i);
      }
    }
    tokens.add(new Token(Kind.END, "", length));
  }

  private int symbol(char c, int i) throws PromQlException {
    Kind kind =
        switch (c) {
          case '(' -> Kind.LEFT_PAREN;
          case ')' -> Kind.RIGHT_PAREN;
          case '{' -> Kind.LEFT_BRACE;
          case '}' -> Kind.RIGHT_BRACE;
          case ']' -> Kind.RIGHT_BRACKET;
          case ',' -> Kind.COMMA;
          default -> Kind.OPERATOR;
        };
    if (kind != Kind.OPERATOR) {
      tokens.add(new Token(kind, String.valueOf(c), i));
      return i + 1;
    }
    String two = i + 1 < input.length() ? input.substring(i, i + 2) : "";
    for (String op : List.of("!=", "=~", "!~", "==", ">=", "<=")) {
      if (two.equals(op)) {
        tokens.add(new Token(Kind.OPERATOR, op, i));
        return i + 2;
      }
    }
    if ("+-*/%^=<>@:".indexOf(c) >= 0) {
      tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), i));
      return i + 1;
    }
    throw error(i, "unexpected character: '" + c + "'");
  }

  private int string(int start) throws PromQlException {
    char quote = input.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == quote) {
        tokens.add(new Token(Kind.STRING, value.toString(), start));
        return i + 1;
      }
      if (c == '\\' && quote != '`') {
        if (i + 1 >= input.length()) {
          break;
        }
        i = escape(i + 1, quote, value);
      } else if (c == '\n' && quote != '`') {
        break;
      } else {
        value.append(c);
        i++;
      }
    }
    throw error(start, "unterminated quoted string " + quote);
  }

  private int escape(int at, char quote, StringBuilder value) throws PromQlException {
    char c = input.charAt(at);
    switch (c) {
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'v' -> value.append('\u000b');
      case '\\' -> value.append('\\');
      case 'u', 'x', 'U' -> {
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (at + digits >= input.length()) {
          throw error(at, "unknown escape sequence");
        }
        try {
          value.appendCodePoint(Integer.parseInt(input.substring(at + 1, at + 1 + digits), 16));
        } catch (IllegalArgumentException e) {
          throw error(at, "unknown escape sequence");
        }
        return at + 1 + digits;
      }
      default -> {
        if (c != quote) {
          throw error(at, "unknown escape sequence '" + c + "'");
        }
        value.append(c);
      }
    }
    return at + 1;
  }

  private static boolean isIdentifierPart(char c) {
    return isLetter(c) || isDigit(c) || c == '_' || c == ':';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
