package dev.kanary.sandbox.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One kind of request telemetry: an optional request counter and a latency histogram sharing one
 * label set per series, as Istio, ingress-nginx and instrumented applications expose them.
 */
final class RequestFamily {

  /** What one exposed metric name of a family holds. */
  enum Kind {
    /** The request counter, for example {@code istio_requests_total}. */
    TOTAL,
    /** The histogram's cumulative {@code _bucket} series, one per upper bound. */
    BUCKET,
    /** The histogram's {@code _sum}. */
    SUM,
    /** The histogram's {@code _count}. */
    COUNT
  }

  /** The Prometheus client's default buckets, in seconds, used by ingress-nginx and most apps. */
  static final double[] DEFAULT_SECONDS_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** Istio's default buckets of {@code istio_request_duration_milliseconds}. */
  static final double[] ISTIO_MILLISECONDS_BUCKETS = {
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
    1800000, 3600000
  };

  private final String counterName;
  private final String counterHelp;
  private final String histogramName;
  private final String histogramHelp;
  private final double[] bounds;
  private final String[] boundTexts;
  private final double unitsPerMilli;
  private final Function<SeriesKey, Labels> labels;
  private final Map<String, Kind> metricNames = new LinkedHashMap<>();

  /**
   * Describes a family.
   *
   * @param counterName the request counter's name, or null when the family has none
   * @param counterHelp the counter's HELP text
   * @param histogramName the histogram's base name
   * @param histogramHelp the histogram's HELP text
   * @param bounds the finite upper bounds of the buckets, ascending, in the histogram's unit
   * @param unitsPerMilli the histogram's units per millisecond: 1 for milliseconds, 0.001 for
   *     seconds
   * @param labels builds a series' labels from its key
   */
  RequestFamily(
      String counterName,
      String counterHelp,
      String histogramName,
      String histogramHelp,
      double[] bounds,
      double unitsPerMilli,
      Function<SeriesKey, Labels> labels) {
    this.counterName = counterName;
    this.counterHelp = counterHelp;
    this.histogramName = histogramName;
    this.histogramHelp = histogramHelp;
    this.bounds = bounds.clone();
    this.boundTexts = new String[bounds.length + 1];
    for (int i = 0; i < bounds.length; i++) {
      boundTexts[i] = Exposition.number(bounds[i]);
    }
    boundTexts[bounds.length] = "+Inf";
    this.unitsPerMilli = unitsPerMilli;
    this.labels = labels;
    if (counterName != null) {
      metricNames.put(counterName, Kind.TOTAL);
    }
    metricNames.put(histogramName + "_bucket", Kind.BUCKET);
    metricNames.put(histogramName + "_sum", Kind.SUM);
    metricNames.put(histogramName + "_count", Kind.COUNT);
  }

  /**
   * The exposed metric names of this family and what each holds.
   *
   * @return the names in exposition order
   */
  Map<String, Kind> metricNames() {
    return metricNames;
  }

  /**
   * The number of buckets, the {@code +Inf} bucket included.
   *
   * @return the bucket count
   */
  int buckets() {
    return bounds.length + 1;
  }

  /**
   * The index of the first bucket whose upper bound holds a value.
   *
   * @param value a value in the histogram's unit
   * @return the bucket index, {@link #buckets()} - 1 for the {@code +Inf} bucket
   */
  int bucketOf(double value) {
    int low = 0;
    int high = bounds.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (value <= bounds[middle]) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * The text of a bucket's {@code le} label.
   *
   * @param bucket the bucket index
   * @return for example {@code 0.5}, {@code 1800000} or {@code +Inf}
   */
  String le(int bucket) {
    return boundTexts[bucket];
  }

  /**
   * Converts a latency to the histogram's unit.
   *
   * @param latencyMillis the latency in milliseconds
   * @return the latency in the histogram's unit
   */
  double fromMillis(double latencyMillis) {
    return latencyMillis * unitsPerMilli;
  }

  /**
   * Builds the labels of a new series.
   *
   * @param key the series' key
   * @return its labels, without the metric name
   */
  Labels labels(SeriesKey key) {
    return labels.apply(key);
  }

  /**
   * Writes this family's series in the text exposition format.
   *
   * @param series the series, in the order to write them
   * @param out where the text goes
   */
  void write(List<RequestSeries> series, StringBuilder out) {
    if (series.isEmpty()) {
      return;
    }
    List<long[]> counts = new ArrayList<>(series.size());
    List<Double> sums = new ArrayList<>(series.size());
    for (RequestSeries one : series) {
      long[] cumulative = new long[buckets()];
      sums.add(one.read(cumulative));
      counts.add(cumulative);
    }
    int inf = buckets() - 1;
    if (counterName != null) {
      header(counterName, counterHelp, "counter", out);
      for (int i = 0; i < series.size(); i++) {
        line(counterName, series.get(i), null, Long.toString(counts.get(i)[inf]), out);
      }
    }
    header(histogramName, histogramHelp, "histogram", out);
    for (int i = 0; i < series.size(); i++) {
      RequestSeries labels = series.get(i);
      for (int bucket = 0; bucket < buckets(); bucket++) {
        line(
            histogramName + "_bucket",
            labels,
            le(bucket),
            Long.toString(counts.get(i)[bucket]),
            out);
      }
      line(histogramName + "_sum", labels, null, Exposition.number(sums.get(i)), out);
      line(histogramName + "_count", labels, null, Long.toString(counts.get(i)[inf]), out);
    }
  }

  private static void header(String name, String help, String type, StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(Exposition.escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(
      String name, RequestSeries series, String le, String value, StringBuilder out) {
    String labels = series.labelText();
    out.append(name).append('{').append(labels);
    if (le != null) {
      out.append(labels.isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
    }
    out.append("} ").append(value).append('\n');
  }

  /**
   * The identity of one series within a family, cheap to build on every request.
   *
   * @param first the first key part, for example the namespace
   * @param second the second key part, for example the workload
   * @param third the third key part, or null
   * @param fourth the fourth key part, or null
   * @param code the response code
   */
  record SeriesKey(String first, String second, String third, String fourth, int code) {}
}
