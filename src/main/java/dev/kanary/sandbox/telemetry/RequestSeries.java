package dev.kanary.sandbox.telemetry;

import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one labelled series of a {@link RequestFamily} and its bounded history.
 *
 * <p>Recording touches only striped adders. The history is a ring of samples shared in layout with
 * the telemetry's ring of tick times: each tick stores the cumulative bucket counts (the last one,
 * {@code +Inf}, is also the request count) and the latency sum, so one series costs {@code 8 *
 * (buckets + 1)} bytes per retained tick.
 */
final class RequestSeries {

  private final RequestFamily family;
  private final Labels labels;
  private final String labelText;
  private volatile Cells cells;

  /** The history ring, guarded by the telemetry's lock; null until the first tick. */
  double[] ring;

  /** The tick sequence number of the first sample in {@link #ring}. */
  long firstSeq;

  /**
   * Creates a series with zero counts.
   *
   * @param family the family it belongs to
   * @param labels its labels, without the metric name
   */
  RequestSeries(RequestFamily family, Labels labels) {
    this.family = family;
    this.labels = labels;
    this.cells = new Cells(family.buckets());
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> label : labels.asMap().entrySet()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(label.getKey()).append("=\"");
      Exposition.escapeLabelValue(label.getValue(), text);
      text.append('"');
    }
    this.labelText = text.toString();
  }

  /**
   * The series' labels.
   *
   * @return its labels, without the metric name
   */
  Labels labels() {
    return labels;
  }

  /**
   * The labels as the exposition format writes them inside braces.
   *
   * @return for example {@code a="1",b="2"}
   */
  String labelText() {
    return labelText;
  }

  /**
   * The family of this series.
   *
   * @return the family
   */
  RequestFamily family() {
    return family;
  }

  /**
   * Counts one request.
   *
   * @param latencyMillis its latency in milliseconds
   */
  void observe(double latencyMillis) {
    Cells current = cells;
    double value = family.fromMillis(latencyMillis);
    current.buckets[family.bucketOf(value)].increment();
    current.sum.add(value);
  }

  /** Starts the counts again from zero, as a restarted process does. */
  void reset() {
    cells = new Cells(family.buckets());
  }

  /**
   * Reads the current counts.
   *
   * @param cumulative receives the cumulative bucket counts; its length is the bucket count
   * @return the sum of the observed values
   */
  double read(long[] cumulative) {
    Cells current = cells;
    long total = 0;
    for (int i = 0; i < cumulative.length; i++) {
      total += current.buckets[i].sum();
      cumulative[i] = total;
    }
    return current.sum.sum();
  }

  /**
   * Stores the current counts into the history ring.
   *
   * @param slot the ring slot
   */
  void snapshot(int slot) {
    Cells current = cells;
    int width = width();
    int offset = slot * width;
    long total = 0;
    for (int i = 0; i < width - 1; i++) {
      total += current.buckets[i].sum();
      ring[offset + i] = total;
    }
    ring[offset + width - 1] = current.sum.sum();
  }

  /**
   * The number of values one history sample holds.
   *
   * @return the bucket count plus one for the sum
   */
  int width() {
    return family.buckets() + 1;
  }

  /** The striped counters of one life of the series. */
  private static final class Cells {
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    private Cells(int count) {
      buckets = new LongAdder[count];
      for (int i = 0; i < count; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }
}
