package dev.kanary.sandbox.telemetry;

import java.util.List;

/** The result of evaluating a PromQL expression at one instant. */
public sealed interface Value permits Value.Scalar, Value.Vector, Value.Matrix {

  /**
   * The result type as Prometheus' API names it.
   *
   * @return {@code scalar}, {@code vector} or {@code matrix}
   */
  String resultType();

  /**
   * A single number.
   *
   * @param value the number
   */
  record Scalar(double value) implements Value {
    @Override
    public String resultType() {
      return "scalar";
    }
  }

  /**
   * One element of an instant vector.
   *
   * @param labels the series' labels
   * @param value its value at the evaluation time
   */
  record Sample(Labels labels, double value) {}

  /**
   * An instant vector: one value per series.
   *
   * @param samples the samples, sorted by labels
   */
  record Vector(List<Sample> samples) implements Value {
    @Override
    public String resultType() {
      return "vector";
    }
  }

  /**
   * The samples of one series within a range.
   *
   * @param labels the series' labels
   * @param timesMillis the sample times in milliseconds since the epoch, ascending
   * @param values the sample values, one per time
   */
  record Series(Labels labels, long[] timesMillis, double[] values) {}

  /**
   * A range vector: several samples per series.
   *
   * @param series the series, sorted by labels
   */
  record Matrix(List<Series> series) implements Value {
    @Override
    public String resultType() {
      return "matrix";
    }
  }
}
