package dev.kanary.sandbox.telemetry;

import dev.kanary.sandbox.telemetry.RequestFamily.Kind;
import dev.kanary.sandbox.telemetry.RequestFamily.SeriesKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The sandbox mesh's request telemetry: the series an Istio sidecar reports for the requests a
 * workload receives, plus ingress-nginx and application-style series, exposed in the Prometheus
 * text format and kept as a bounded history for {@link PromQlEngine}.
 *
 * <p><b>Istio series</b> ({@link #record(String, String, String, int, double)}), as reported with
 * {@code reporter="destination"}: the counter {@code istio_requests_total} and the histogram {@code
 * istio_request_duration_milliseconds} (Istio's default buckets 0.5 ms to 3600000 ms and {@code
 * +Inf}), both with the labels {@code reporter="destination"}, {@code source_workload="unknown"},
 * {@code source_workload_namespace="unknown"}, {@code destination_workload}, {@code
 * destination_workload_namespace}, {@code destination_service_name} (when known), {@code
 * destination_service_namespace}, {@code request_protocol="http"}, {@code response_code} and {@code
 * response_flags="-"}. Istio's other standard labels (principals, canonical services, security
 * policy, ...) are left out: no query of Kanary reads them.
 *
 * <p><b>ingress-nginx series</b> ({@link #recordNginx}): the counter {@code
 * nginx_ingress_controller_requests} and the histogram {@code
 * nginx_ingress_controller_response_duration_seconds} (default buckets 5 ms to 10 s), labelled
 * {@code namespace}, {@code ingress}, {@code service}, {@code canary} (the canary upstream, absent
 * for the primary), {@code method="GET"} and {@code status}.
 *
 * <p><b>Application series</b> ({@link #recordHttp}), which Flagger's {@code kubernetes} and {@code
 * gatewayapi} builtin queries read: the histogram {@code http_request_duration_seconds} (default
 * buckets) labelled {@code kubernetes_namespace}, {@code kubernetes_pod_name} and {@code status}.
 *
 * <p><b>Cost.</b> Recording a request is a hash lookup and two striped-adder updates, without a
 * lock. {@link #tick(Instant)} snapshots every series into a ring holding {@code window /
 * resolution + 1} samples; one labelled series (its counter and whole histogram together) costs
 * {@code 8 * (buckets + 1)} bytes per retained sample: 168 bytes for Istio (20 buckets plus the
 * sum), 104 bytes for the others. At the defaults (1 s, 10 minutes: 601 samples) that is about 101
 * KB per Istio series; 2,000 workloads answering 200 and 500 need about 400 MB, so benchmarks
 * should use a coarser resolution or a shorter window (5 s over 5 minutes: about 10 KB per series,
 * 41 MB for those 4,000 series). {@link #historyBytes()} tells the current figure.
 *
 * <p>Queries find series through an inverted index by label value, rebuilt after series come or go,
 * so a selector that names a workload visits only that workload's series.
 *
 * <p>This class is thread-safe.
 */
public final class MeshTelemetry {

  /** The default time between two history samples. */
  public static final Duration DEFAULT_RESOLUTION = Duration.ofSeconds(1);

  /** The default length of the history. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

  private static final String UNKNOWN = "unknown";

  private static final RequestFamily ISTIO =
      new RequestFamily(
          "istio_requests_total",
          "Total number of requests handled by the destination workload.",
          "istio_request_duration_milliseconds",
          "Request durations as the destination workload's sidecar measured them, in"
              + " milliseconds.",
          RequestFamily.ISTIO_MILLISECONDS_BUCKETS,
          1,
          MeshTelemetry::istioLabels);

  private static final RequestFamily NGINX =
      new RequestFamily(
          "nginx_ingress_controller_requests",
          "The total number of client requests.",
          "nginx_ingress_controller_response_duration_seconds",
          "The time spent on receiving the response from the upstream server.",
          RequestFamily.DEFAULT_SECONDS_BUCKETS,
          0.001,
          MeshTelemetry::nginxLabels);

  private static final RequestFamily HTTP =
      new RequestFamily(
          null,
          null,
          "http_request_duration_seconds",
          "Duration of HTTP requests in seconds.",
          RequestFamily.DEFAULT_SECONDS_BUCKETS,
          0.001,
          MeshTelemetry::httpLabels);

  private static final List<RequestFamily> FAMILIES = List.of(ISTIO, NGINX, HTTP);

  private final Duration resolution;
  private final Duration window;
  private final int capacity;
  private final Map<RequestFamily, ConcurrentHashMap<SeriesKey, RequestSeries>> series =
      new LinkedHashMap<>();
  private final Map<RequestFamily, AtomicLong> versions = new LinkedHashMap<>();
  private final Map<RequestFamily, SeriesIndex> indexes = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final long[] times;
  private long seq;

  /** Creates telemetry with a history of {@link #DEFAULT_WINDOW} at {@link #DEFAULT_RESOLUTION}. */
  public MeshTelemetry() {
    this(DEFAULT_RESOLUTION, DEFAULT_WINDOW);
  }

  /**
   * Creates telemetry with a history of a given length and resolution.
   *
   * @param resolution the time between two history samples, at least one millisecond
   * @param window how long samples are kept, at least one resolution
   * @throws IllegalArgumentException when the resolution or window is too small
   */
  public MeshTelemetry(Duration resolution, Duration window) {
    if (resolution.toMillis() < 1 || window.compareTo(resolution) < 0) {
      throw new IllegalArgumentException(
          "the resolution must be at least 1ms and the window at least one resolution, got "
              + resolution
              + " and "
              + window);
    }
    this.resolution = resolution;
    this.window = window;
    long samples = (window.toMillis() + resolution.toMillis() - 1) / resolution.toMillis() + 1;
    if (samples > Integer.MAX_VALUE / 32) {
      throw new IllegalArgumentException("the window holds too many samples: " + samples);
    }
    this.capacity = (int) samples;
    this.times = new long[capacity];
    for (RequestFamily family : FAMILIES) {
      series.put(family, new ConcurrentHashMap<>());
      versions.put(family, new AtomicLong());
    }
  }

  /**
   * Records one request a workload received, as its Istio sidecar reports it, with an unknown
   * destination service.
   *
   * @param namespace the workload's namespace
   * @param workload the workload (Deployment) name, for example {@code backend-primary}
   * @param responseCode the HTTP status answered
   * @param latencyMillis the request's duration in milliseconds
   */
  public void record(String namespace, String workload, int responseCode, double latencyMillis) {
    record(namespace, workload, null, responseCode, latencyMillis);
  }

  /**
   * Records one request a workload received, as its Istio sidecar reports it.
   *
   * @param namespace the workload's namespace
   * @param workload the workload (Deployment) name, for example {@code backend-primary}
   * @param service the Kubernetes Service the request was addressed to, for example {@code
   *     backend-canary}, or null when unknown
   * @param responseCode the HTTP status answered
   * @param latencyMillis the request's duration in milliseconds
   */
  public void record(
      String namespace, String workload, String service, int responseCode, double latencyMillis) {
    observe(ISTIO, new SeriesKey(namespace, workload, service, null, responseCode), latencyMillis);
  }

  /**
   * Records one request that ingress-nginx passed to a backend.
   *
   * @param namespace the Ingress' namespace
   * @param ingress the Ingress' name
   * @param service the backend Service
   * @param canaryUpstream the canary upstream's name when the canary Ingress routed the request,
   *     else null or empty
   * @param status the HTTP status answered
   * @param latencyMillis the upstream's response time in milliseconds
   */
  public void recordNginx(
      String namespace,
      String ingress,
      String service,
      String canaryUpstream,
      int status,
      double latencyMillis) {
    observe(
        NGINX, new SeriesKey(namespace, ingress, service, canaryUpstream, status), latencyMillis);
  }

  /**
   * Records one request a pod answered, as an application instrumented with a Prometheus client
   * reports it.
   *
   * @param namespace the pod's namespace
   * @param pod the pod's name, for example {@code backend-7d9f8c6b5-x2x3z}
   * @param status the HTTP status answered
   * @param latencyMillis the request's duration in milliseconds
   */
  public void recordHttp(String namespace, String pod, int status, double latencyMillis) {
    observe(HTTP, new SeriesKey(namespace, pod, null, null, status), latencyMillis);
  }

  private void observe(RequestFamily family, SeriesKey key, double latencyMillis) {
    Objects.requireNonNull(key.first(), "namespace");
    Objects.requireNonNull(key.second(), "name");
    ConcurrentHashMap<SeriesKey, RequestSeries> map = series.get(family);
    RequestSeries one = map.get(key);
    if (one == null) {
      one = map.computeIfAbsent(key, k -> new RequestSeries(family, family.labels(k)));
      versions.get(family).incrementAndGet();
    }
    one.observe(latencyMillis);
  }

  /**
   * Starts a workload's Istio counters again from zero, as the sidecars of restarted pods do;
   * queries see a counter reset.
   *
   * @param namespace the workload's namespace
   * @param workload the workload's name
   */
  public void restartWorkload(String namespace, String workload) {
    series
        .get(ISTIO)
        .forEach(
            (key, one) -> {
              if (key.first().equals(namespace) && key.second().equals(workload)) {
                one.reset();
              }
            });
  }

  /**
   * Drops a workload's Istio series and their history, as when it is deleted; keeps memory bounded
   * when workloads come and go.
   *
   * @param namespace the workload's namespace
   * @param workload the workload's name
   */
  public void forgetWorkload(String namespace, String workload) {
    lock.writeLock().lock();
    try {
      series
          .get(ISTIO)
          .keySet()
          .removeIf(key -> key.first().equals(namespace) && key.second().equals(workload));
      versions.get(ISTIO).incrementAndGet();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Writes the current values of all series in the Prometheus text exposition format 0.0.4: one
   * {@code # HELP} and {@code # TYPE} per metric, families in a fixed order, series sorted by their
   * labels, counts as integers.
   *
   * @param out where the text goes
   * @throws IOException when the output fails
   */
  public void writeExposition(Appendable out) throws IOException {
    StringBuilder text = new StringBuilder();
    for (RequestFamily family : FAMILIES) {
      List<RequestSeries> sorted = new ArrayList<>(series.get(family).values());
      sorted.sort(Comparator.comparing(RequestSeries::labels));
      family.write(sorted, text);
      if (text.length() > 1 << 16) {
        out.append(text);
        text.setLength(0);
      }
    }
    out.append(text);
  }

  /**
   * The current values of all series in the Prometheus text exposition format.
   *
   * @return the text of {@link #writeExposition(Appendable)}
   */
  public String exposition() {
    StringBuilder out = new StringBuilder();
    try {
      writeExposition(out);
    } catch (IOException e) {
      throw new IllegalStateException("a StringBuilder cannot fail", e);
    }
    return out.toString();
  }

  /**
   * Takes a history sample of every series at a time. A tick less than half a resolution after the
   * previous sample, or before it, is ignored, so the history spans the whole window.
   *
   * @param now the sample time
   * @return true when a sample was taken
   */
  public boolean tick(Instant now) {
    long millis = now.toEpochMilli();
    lock.writeLock().lock();
    try {
      if (seq > 0
          && millis - times[(int) ((seq - 1) % capacity)] < (resolution.toMillis() + 1) / 2) {
        return false;
      }
      int slot = (int) (seq % capacity);
      times[slot] = millis;
      for (ConcurrentHashMap<SeriesKey, RequestSeries> family : series.values()) {
        for (RequestSeries one : family.values()) {
          if (one.ring == null) {
            one.ring = new double[capacity * one.width()];
            one.firstSeq = seq;
          }
          one.snapshot(slot);
        }
      }
      seq++;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Ticks every {@link #resolution()} with the time of a clock.
   *
   * @param executor the executor that runs the ticks
   * @param clock the clock that gives the sample times
   * @return the schedule; cancel it to stop
   */
  public ScheduledFuture<?> start(ScheduledExecutorService executor, Clock clock) {
    return executor.scheduleAtFixedRate(
        () -> tick(clock.instant()), 0, resolution.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The time between two history samples.
   *
   * @return the resolution
   */
  public Duration resolution() {
    return resolution;
  }

  /**
   * How long history samples are kept.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * The number of history samples currently kept, at most {@code window / resolution + 1}.
   *
   * @return the number of ticks in the ring
   */
  public int retainedSamples() {
    lock.readLock().lock();
    try {
      return (int) Math.min(seq, capacity);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The memory the history rings of all series take.
   *
   * @return bytes of sample values
   */
  public long historyBytes() {
    lock.readLock().lock();
    try {
      long bytes = (long) times.length * Long.BYTES;
      for (ConcurrentHashMap<SeriesKey, RequestSeries> family : series.values()) {
        for (RequestSeries one : family.values()) {
          bytes += one.ring == null ? 0 : (long) one.ring.length * Double.BYTES;
        }
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The number of exposed series: a counter, each bucket, the sum and the count are one each.
   *
   * @return the series count
   */
  public int seriesCount() {
    int count = 0;
    for (Map.Entry<RequestFamily, ConcurrentHashMap<SeriesKey, RequestSeries>> family :
        series.entrySet()) {
      RequestFamily kind = family.getKey();
      int perSeries = kind.buckets() + 2 + (kind.metricNames().containsValue(Kind.TOTAL) ? 1 : 0);
      count += perSeries * family.getValue().size();
    }
    return count;
  }

  /**
   * Selects the history samples of the series a selector matches.
   *
   * @param matchers the selector's matchers
   * @param fromExclusive the start of the range, excluded, in epoch milliseconds
   * @param toInclusive the end of the range, included, in epoch milliseconds
   * @param latestOnly true to keep only each series' latest sample in the range
   * @return the matching series that have samples in the range, with their metric name
   */
  List<Value.Series> select(
      List<LabelMatcher> matchers, long fromExclusive, long toInclusive, boolean latestOnly) {
    List<LabelMatcher> nameMatchers = new ArrayList<>();
    List<LabelMatcher> leMatchers = new ArrayList<>();
    List<LabelMatcher> others = new ArrayList<>();
    for (LabelMatcher matcher : matchers) {
      switch (matcher.name()) {
        case Labels.NAME -> nameMatchers.add(matcher);
        case "le" -> leMatchers.add(matcher);
        default -> others.add(matcher);
      }
    }
    List<Value.Series> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      long low = Long.MAX_VALUE;
      long high = -1;
      for (long s = Math.max(0, seq - capacity); s < seq; s++) {
        long time = times[(int) (s % capacity)];
        if (time > fromExclusive && time <= toInclusive) {
          low = Math.min(low, s);
          high = s;
        }
      }
      if (high < 0) {
        return out;
      }
      for (Map.Entry<RequestFamily, ConcurrentHashMap<SeriesKey, RequestSeries>> family :
          series.entrySet()) {
        for (Map.Entry<String, Kind> metric : family.getKey().metricNames().entrySet()) {
          if (matchesAll(nameMatchers, metric.getKey())) {
            for (RequestSeries one : index(family.getKey()).candidates(others)) {
              long first = latestOnly ? high : Math.max(low, one.firstSeq);
              if (one.ring != null && first <= high && first >= one.firstSeq) {
                collect(
                    one, metric.getKey(), metric.getValue(), others, leMatchers, first, high, out);
              }
            }
          }
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private SeriesIndex index(RequestFamily family) {
    long version = versions.get(family).get();
    SeriesIndex index = indexes.get(family);
    if (index == null || index.version() != version) {
      index = new SeriesIndex(version, series.get(family).values());
      indexes.put(family, index);
    }
    return index;
  }

  private void collect(
      RequestSeries one,
      String name,
      Kind kind,
      List<LabelMatcher> others,
      List<LabelMatcher> leMatchers,
      long first,
      long last,
      List<Value.Series> out) {
    for (LabelMatcher matcher : others) {
      if (!matcher.matches(one.labels().get(matcher.name()))) {
        return;
      }
    }
    Labels named = one.labels().with(Labels.NAME, name);
    int buckets = one.family().buckets();
    if (kind == Kind.BUCKET) {
      for (int bucket = 0; bucket < buckets; bucket++) {
        String le = one.family().le(bucket);
        if (matchesAll(leMatchers, le)) {
          out.add(points(one, named.with("le", le), bucket, first, last));
        }
      }
    } else if (matchesAll(leMatchers, "")) {
      int column = kind == Kind.SUM ? buckets : buckets - 1;
      out.add(points(one, named, column, first, last));
    }
  }

  private Value.Series points(RequestSeries one, Labels labels, int column, long first, long last) {
    int count = (int) (last - first + 1);
    long[] pointTimes = new long[count];
    double[] values = new double[count];
    int width = one.width();
    for (int i = 0; i < count; i++) {
      int slot = (int) ((first + i) % capacity);
      pointTimes[i] = times[slot];
      values[i] = one.ring[slot * width + column];
    }
    return new Value.Series(labels, pointTimes, values);
  }

  private static boolean matchesAll(List<LabelMatcher> matchers, String value) {
    for (LabelMatcher matcher : matchers) {
      if (!matcher.matches(value)) {
        return false;
      }
    }
    return true;
  }

  private static Labels istioLabels(SeriesKey key) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("reporter", "destination");
    labels.put("source_workload", UNKNOWN);
    labels.put("source_workload_namespace", UNKNOWN);
    labels.put("destination_workload", key.second());
    labels.put("destination_workload_namespace", key.first());
    labels.put("destination_service_name", key.third());
    labels.put("destination_service_namespace", key.first());
    labels.put("request_protocol", "http");
    labels.put("response_code", Integer.toString(key.code()));
    labels.put("response_flags", "-");
    return Labels.of(labels);
  }

  private static Labels nginxLabels(SeriesKey key) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("namespace", key.first());
    labels.put("ingress", key.second());
    labels.put("service", key.third());
    labels.put("canary", key.fourth());
    labels.put("method", "GET");
    labels.put("status", Integer.toString(key.code()));
    return Labels.of(labels);
  }

  private static Labels httpLabels(SeriesKey key) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes_namespace", key.first());
    labels.put("kubernetes_pod_name", key.second());
    labels.put("status", Integer.toString(key.code()));
    return Labels.of(labels);
  }
}
