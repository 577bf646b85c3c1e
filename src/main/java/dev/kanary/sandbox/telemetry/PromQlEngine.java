package dev.kanary.sandbox.telemetry;

import dev.kanary.sandbox.telemetry.Value.Matrix;
import dev.kanary.sandbox.telemetry.Value.Sample;
import dev.kanary.sandbox.telemetry.Value.Scalar;
import dev.kanary.sandbox.telemetry.Value.Series;
import dev.kanary.sandbox.telemetry.Value.Vector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers PromQL instant queries from the history of a {@link MeshTelemetry}, so dev mode and fast
 * tests need no Prometheus server.
 *
 * <p>The subset: number literals ({@code 100}, {@code 0.99}, {@code 1e3}, {@code Inf}, {@code
 * NaN}); parentheses; unary minus; {@code + - * / %} between scalars and instant vectors (vectors
 * match one-to-one on all labels but the metric name, which arithmetic drops); the aggregations
 * {@code sum}, {@code avg}, {@code min}, {@code max} and {@code count}, with {@code by (...)} or
 * {@code without (...)} before or after the operand; the functions {@code rate}, {@code increase},
 * {@code histogram_quantile}, {@code vector} and {@code scalar}; selectors {@code
 * metric{l="v",l!="v",l=~"re",l!~"re"}} with anchored regular expressions (Java syntax, which
 * agrees with RE2 on the usual constructs) and ranges such as {@code [30s]}, {@code [1m]}, {@code
 * [2m30s]}; whitespace, newlines and {@code #} comments anywhere. Anything else is refused with a
 * {@code bad_data} error naming what is not supported.
 *
 * <p>Semantics follow Prometheus 3: an instant selector takes each series' latest sample in the
 * five minutes up to the evaluation time; a range {@code [r]} selects the samples in {@code (t - r,
 * t]}; {@code rate} and {@code increase} need two samples, handle counter resets and extrapolate
 * toward the range's ends exactly as Prometheus does; {@code histogram_quantile} interpolates
 * linearly within the bucket that holds the rank.
 */
public final class PromQlEngine {

  /** How far back an instant selector looks for a series' latest sample. */
  public static final Duration LOOKBACK = Duration.ofMinutes(5);

  private static final Comparator<Sample> BY_LABELS = Comparator.comparing(Sample::labels);

  private final MeshTelemetry telemetry;

  /**
   * Creates an engine over a telemetry's history.
   *
   * @param telemetry the telemetry whose ticks are the samples queried
   */
  public PromQlEngine(MeshTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  /**
   * Evaluates an instant query.
   *
   * @param promql the query
   * @param time the evaluation time; milliseconds are kept, finer parts dropped
   * @return a scalar, an instant vector sorted by labels, or a range vector for a bare range
   *     selector
   * @throws PromQlException when the query is malformed, outside the subset, or fails
   */
  public Value evaluate(String promql, Instant time) throws PromQlException {
    Expr expr = PromQlParser.parse(promql);
    long millis = time.toEpochMilli();
    if (expr instanceof Expr.MatrixSelector matrix) {
      List<Series> series = new ArrayList<>(select(matrix, millis));
      series.sort(Comparator.comparing(Series::labels));
      return new Matrix(List.copyOf(series));
    }
    Value value = eval(expr, millis);
    if (value instanceof Vector vector) {
      List<Sample> sorted = new ArrayList<>(vector.samples());
      sorted.sort(BY_LABELS);
      return new Vector(List.copyOf(sorted));
    }
    return value;
  }

  private Value eval(Expr expr, long time) throws PromQlException {
    if (expr instanceof Expr.NumberLiteral number) {
      return new Scalar(number.value());
    }
    if (expr instanceof Expr.VectorSelector selector) {
      List<Sample> samples = new ArrayList<>();
      for (Series series :
          telemetry.select(selector.matchers(), time - LOOKBACK.toMillis(), time, true)) {
        samples.add(new Sample(series.labels(), series.values()[series.values().length - 1]));
      }
      return new Vector(samples);
    }
    if (expr instanceof Expr.Negation negation) {
      Value operand = eval(negation.operand(), time);
      if (operand instanceof Scalar scalar) {
        return new Scalar(-scalar.value());
      }
      List<Sample> out = new ArrayList<>();
      for (Sample sample : ((Vector) operand).samples()) {
        out.add(new Sample(sample.labels().withoutName(), -sample.value()));
      }
      return distinct(out);
    }
    if (expr instanceof Expr.Binary binary) {
      return binary(binary.op(), eval(binary.lhs(), time), eval(binary.rhs(), time));
    }
    if (expr instanceof Expr.Aggregate aggregate) {
      return aggregate(aggregate, (Vector) eval(aggregate.operand(), time));
    }
    if (expr instanceof Expr.Call call) {
      return call(call, time);
    }
    throw PromQlException.badData("a range vector cannot be used here");
  }

  private List<Series> select(Expr.MatrixSelector matrix, long time) {
    return telemetry.select(matrix.selector().matchers(), time - matrix.rangeMillis(), time, false);
  }

  private Value call(Expr.Call call, long time) throws PromQlException {
    switch (call.function()) {
      case "rate", "increase" -> {
        Expr.MatrixSelector matrix = (Expr.MatrixSelector) call.args().get(0);
        boolean isRate = call.function().equals("rate");
        List<Sample> out = new ArrayList<>();
        for (Series series : select(matrix, time)) {
          if (series.values().length >= 2) {
            out.add(
                new Sample(
                    series.labels().withoutName(),
                    extrapolatedRate(series, time - matrix.rangeMillis(), time, isRate)));
          }
        }
        return distinct(out);
      }
      case "histogram_quantile" -> {
        double quantile = ((Scalar) eval(call.args().get(0), time)).value();
        return histogramQuantile(quantile, (Vector) eval(call.args().get(1), time));
      }
      case "vector" -> {
        double value = ((Scalar) eval(call.args().get(0), time)).value();
        return new Vector(List.of(new Sample(Labels.EMPTY, value)));
      }
      case "scalar" -> {
        List<Sample> samples = ((Vector) eval(call.args().get(0), time)).samples();
        return new Scalar(samples.size() == 1 ? samples.get(0).value() : Double.NaN);
      }
      default -> throw PromQlException.badData("unknown function " + call.function());
    }
  }

  /**
   * The increase of a counter over a range, or its per-second rate, as Prometheus' {@code
   * extrapolatedRate} computes it: counter resets add the value before the reset, and the result is
   * extrapolated to the range's ends when the first and last samples lie within 1.1 average sample
   * intervals of them (else by half an interval), never below the counter's zero point.
   */
  static double extrapolatedRate(Series series, long rangeStart, long rangeEnd, boolean isRate) {
    long[] times = series.timesMillis();
    double[] values = series.values();
    int last = values.length - 1;
    double result = values[last] - values[0];
    double previous = 0;
    for (double value : values) {
      if (value < previous) {
        result += previous;
      }
      previous = value;
    }
    double durationToStart = (times[0] - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - times[last]) / 1000.0;
    double sampledInterval = (times[last] - times[0]) / 1000.0;
    double averageInterval = sampledInterval / last;
    if (result > 0 && values[0] >= 0) {
      double durationToZero = sampledInterval * (values[0] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageInterval * 1.1;
    double extrapolateTo = sampledInterval;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
    double increase = result * (extrapolateTo / sampledInterval);
    return isRate ? increase / ((rangeEnd - rangeStart) / 1000.0) : increase;
  }

  private static Value binary(char op, Value lhs, Value rhs) throws PromQlException {
    if (lhs instanceof Scalar left && rhs instanceof Scalar right) {
      return new Scalar(apply(op, left.value(), right.value()));
    }
    if (lhs instanceof Vector left && rhs instanceof Scalar right) {
      List<Sample> out = new ArrayList<>();
      for (Sample sample : left.samples()) {
        out.add(
            new Sample(sample.labels().withoutName(), apply(op, sample.value(), right.value())));
      }
      return distinct(out);
    }
    if (lhs instanceof Scalar left && rhs instanceof Vector right) {
      List<Sample> out = new ArrayList<>();
      for (Sample sample : right.samples()) {
        out.add(new Sample(sample.labels().withoutName(), apply(op, left.value(), sample.value())));
      }
      return distinct(out);
    }
    Map<Labels, Sample> right = new HashMap<>();
    for (Sample sample : ((Vector) rhs).samples()) {
      Labels signature = sample.labels().withoutName();
      if (right.put(signature, sample) != null) {
        throw PromQlException.execution(
            "found duplicate series for the match group "
                + signature
                + " on the right hand-side of the operation;many-to-many matching not allowed:"
                + " matching labels must be unique on one side");
      }
    }
    Set<Labels> matched = new HashSet<>();
    List<Sample> out = new ArrayList<>();
    for (Sample sample : ((Vector) lhs).samples()) {
      Labels signature = sample.labels().withoutName();
      Sample other = right.get(signature);
      if (other == null) {
        continue;
      }
      if (!matched.add(signature)) {
        throw PromQlException.execution(
            "multiple matches for labels: many-to-one matching must be explicit"
                + " (group_left/group_right)");
      }
      out.add(new Sample(signature, apply(op, sample.value(), other.value())));
    }
    return new Vector(out);
  }

  private static double apply(char op, double left, double right) {
    return switch (op) {
      case '+' -> left + right;
      case '-' -> left - right;
      case '*' -> left * right;
      case '/' -> left / right;
      case '%' -> left % right;
      default -> throw new IllegalArgumentException("operator " + op);
    };
  }

  private static Vector aggregate(Expr.Aggregate aggregate, Vector operand) {
    Map<Labels, double[]> groups = new LinkedHashMap<>();
    List<String> grouping = aggregate.grouping();
    List<String> dropped = new ArrayList<>(grouping);
    dropped.add(Labels.NAME);
    for (Sample sample : operand.samples()) {
      Labels group =
          aggregate.without() ? sample.labels().without(dropped) : sample.labels().only(grouping);
      double[] state = groups.get(group);
      double value = sample.value();
      if (state == null) {
        groups.put(group, new double[] {value, 1});
        continue;
      }
      state[1]++;
      state[0] =
          switch (aggregate.op()) {
            case "sum", "avg" -> state[0] + value;
            case "min" -> Double.isNaN(state[0]) || value < state[0] ? value : state[0];
            case "max" -> Double.isNaN(state[0]) || value > state[0] ? value : state[0];
            default -> state[0];
          };
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<Labels, double[]> group : groups.entrySet()) {
      double[] state = group.getValue();
      double value =
          switch (aggregate.op()) {
            case "avg" -> state[0] / state[1];
            case "count" -> state[1];
            default -> state[0];
          };
      out.add(new Sample(group.getKey(), value));
    }
    return new Vector(out);
  }

  private static Vector histogramQuantile(double quantile, Vector buckets) {
    Map<Labels, List<double[]>> groups = new LinkedHashMap<>();
    List<String> dropped = List.of(Labels.NAME, "le");
    for (Sample sample : buckets.samples()) {
      String le = sample.labels().get("le");
      double bound;
      try {
        bound = parseBound(le);
      } catch (NumberFormatException e) {
        continue;
      }
      groups
          .computeIfAbsent(sample.labels().without(dropped), group -> new ArrayList<>())
          .add(new double[] {bound, sample.value()});
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<Labels, List<double[]>> group : groups.entrySet()) {
      out.add(new Sample(group.getKey(), bucketQuantile(quantile, group.getValue())));
    }
    return new Vector(out);
  }

  private static double parseBound(String le) {
    return switch (le) {
      case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(le);
    };
  }

  /**
   * Prometheus' {@code bucketQuantile}: the φ-quantile of cumulative buckets, interpolated linearly
   * within the bucket holding the rank; NaN without a {@code +Inf} bucket or observations.
   *
   * @param quantile φ
   * @param buckets pairs of upper bound and cumulative count, in any order
   * @return the estimated quantile
   */
  static double bucketQuantile(double quantile, List<double[]> buckets) {
    if (Double.isNaN(quantile)) {
      return Double.NaN;
    }
    if (quantile < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (quantile > 1) {
      return Double.POSITIVE_INFINITY;
    }
    List<double[]> sorted = new ArrayList<>(buckets);
    sorted.sort(Comparator.comparingDouble(bucket -> bucket[0]));
    if (sorted.isEmpty() || sorted.get(sorted.size() - 1)[0] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    List<double[]> merged = new ArrayList<>();
    for (double[] bucket : sorted) {
      double[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (previous != null && previous[0] == bucket[0]) {
        previous[1] += bucket[1];
      } else {
        merged.add(new double[] {bucket[0], bucket[1]});
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double[] bucket : merged) {
      if (bucket[1] > max) {
        max = bucket[1];
      } else {
        bucket[1] = max;
      }
    }
    if (merged.size() < 2) {
      return Double.NaN;
    }
    double observations = merged.get(merged.size() - 1)[1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = quantile * observations;
    int b = 0;
    while (b < merged.size() - 1 && merged.get(b)[1] < rank) {
      b++;
    }
    if (b == merged.size() - 1) {
      return merged.get(merged.size() - 2)[0];
    }
    if (b == 0 && merged.get(0)[0] <= 0) {
      return merged.get(0)[0];
    }
    double bucketStart = 0;
    double bucketEnd = merged.get(b)[0];
    double count = merged.get(b)[1];
    if (b > 0) {
      bucketStart = merged.get(b - 1)[0];
      count -= merged.get(b - 1)[1];
      rank -= merged.get(b - 1)[1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  private static Vector distinct(List<Sample> samples) throws PromQlException {
    Set<Labels> seen = new HashSet<>();
    for (Sample sample : samples) {
      if (!seen.add(sample.labels())) {
        throw PromQlException.execution("vector cannot contain metrics with the same labelset");
      }
    }
    return new Vector(samples);
  }
}
