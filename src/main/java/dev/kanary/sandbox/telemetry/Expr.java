package dev.kanary.sandbox.telemetry;

import java.util.List;

/** A node of a parsed PromQL expression, typed as Prometheus types it at parse time. */
sealed interface Expr
    permits Expr.NumberLiteral,
        Expr.VectorSelector,
        Expr.MatrixSelector,
        Expr.Negation,
        Expr.Binary,
        Expr.Aggregate,
        Expr.Call {

  /** The static types of PromQL expressions. */
  enum Type {
    /** A number. */
    SCALAR("scalar"),
    /** One sample per series. */
    VECTOR("instant vector"),
    /** Samples over a range per series. */
    MATRIX("range vector");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    /**
     * The type's name as Prometheus' error messages spell it.
     *
     * @return for example {@code instant vector}
     */
    String text() {
      return text;
    }
  }

  /**
   * The type of this expression's value.
   *
   * @return the type
   */
  Type type();

  /**
   * A number such as {@code 100}, {@code 0.99} or {@code Inf}.
   *
   * @param value the number
   */
  record NumberLiteral(double value) implements Expr {
    @Override
    public Type type() {
      return Type.SCALAR;
    }
  }

  /**
   * An instant vector selector such as {@code metric{label="value"}}.
   *
   * @param matchers its matchers, the metric name as a {@value Labels#NAME} matcher
   */
  record VectorSelector(List<LabelMatcher> matchers) implements Expr {
    @Override
    public Type type() {
      return Type.VECTOR;
    }
  }

  /**
   * A range vector selector such as {@code metric{label="value"}[1m]}.
   *
   * @param selector the series selected
   * @param rangeMillis the range in milliseconds
   */
  record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
    @Override
    public Type type() {
      return Type.MATRIX;
    }
  }

  /**
   * A unary minus.
   *
   * @param operand the negated expression, a scalar or an instant vector
   */
  record Negation(Expr operand) implements Expr {
    @Override
    public Type type() {
      return operand.type();
    }
  }

  /**
   * An arithmetic binary operation.
   *
   * @param op one of {@code + - * / %}
   * @param lhs the left operand
   * @param rhs the right operand
   */
  record Binary(char op, Expr lhs, Expr rhs) implements Expr {
    @Override
    public Type type() {
      return lhs.type() == Type.SCALAR && rhs.type() == Type.SCALAR ? Type.SCALAR : Type.VECTOR;
    }
  }

  /**
   * An aggregation such as {@code sum by (le) (...)}.
   *
   * @param op {@code sum}, {@code avg}, {@code min}, {@code max} or {@code count}
   * @param operand the aggregated instant vector
   * @param grouping the labels of {@code by} or {@code without}; empty without a clause
   * @param without true for {@code without}, false for {@code by} or no clause
   */
  record Aggregate(String op, Expr operand, List<String> grouping, boolean without)
      implements Expr {
    @Override
    public Type type() {
      return Type.VECTOR;
    }
  }

  /**
   * A function call.
   *
   * @param function the function's name
   * @param args its arguments
   * @param type the type of its result
   */
  record Call(String function, List<Expr> args, Type type) implements Expr {}
}
