package dev.kanary.loadtester;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Kanary's in-process replacement for the {@code hey} binary: sends HTTP load with the JDK's
 * asynchronous {@link HttpClient}, one sequential request loop per worker, paced on a fixed
 * schedule when a rate is given, with no thread per request.
 *
 * <p>Requests go through {@link ProxySelector#getDefault()} (so {@code http.proxyHost} and {@code
 * http.proxyPort} are honoured) unless the command names its own proxy with {@code -x}. The JDK
 * refuses to send the {@code Host} and {@code Connection} headers that {@code -host} and {@code
 * -disable-keepalive} need unless the system property {@code jdk.httpclient.allowRestrictedHeaders}
 * allows them before the JDK's HTTP client is first used; loading this class adds them to that
 * property. When the JDK still refuses {@code Host} (its HTTP client was used before), a plain
 * {@code http} request with {@code -host} is sent in absolute form ({@code GET http://<host>/path},
 * which servers must accept) to the URL's address instead; any other refused header is logged as a
 * warning and left out.
 */
public final class LoadGenerator {

  private static final Logger LOG = Logger.getLogger(LoadGenerator.class);
  private static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";
  private static final int MAX_SAMPLES = 1 << 21;

  private static final boolean HOST_HEADER_ALLOWED;

  static {
    allowRestrictedHeaders();
    HOST_HEADER_ALLOWED = headerAllowed("Host");
  }

  private final ScheduledExecutorService scheduler;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * Creates a generator.
   *
   * @param scheduler paces the workers and runs their bookkeeping; one thread is enough
   */
  public LoadGenerator(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts a run.
   *
   * @param options what to send, how often and for how long
   * @param listener receives every outcome while the run goes on
   * @return the running load, whose result completes when every worker is done or the run is
   *     stopped
   */
  public LoadRun start(HeyOptions options, LoadListener listener) {
    HeyOptions sent = HOST_HEADER_ALLOWED ? options : hostInRequestTarget(options);
    Run run = new Run(sent, listener, request(sent), client(sent));
    run.begin();
    return run;
  }

  private HttpClient client(HeyOptions options) {
    String key =
        options.proxy().map(Object::toString).orElse("") + "|" + options.disableRedirects();
    return clients.computeIfAbsent(
        key,
        k -> {
          HttpClient.Builder builder =
              HttpClient.newBuilder()
                  .followRedirects(
                      options.disableRedirects()
                          ? HttpClient.Redirect.NEVER
                          : HttpClient.Redirect.NORMAL);
          Optional<ProxySelector> proxy =
              options.proxy().map(ProxySelector::of).or(() -> Optional.ofNullable(defaultProxy()));
          proxy.ifPresent(builder::proxy);
          return builder.build();
        });
  }

  private static ProxySelector defaultProxy() {
    return ProxySelector.getDefault();
  }

  private static HttpRequest request(HeyOptions options) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(options.url())
            .version(options.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .method(
                options.method(),
                options.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(options.body()));
    if (!options.timeout().isZero()) {
      builder.timeout(options.timeout());
    }
    for (Map.Entry<String, String> header : options.headers()) {
      header(builder, header.getKey(), header.getValue(), "-H " + header.getKey());
    }
    options.host().ifPresent(host -> header(builder, "Host", host, "-host"));
    if (options.disableKeepAlive()) {
      header(builder, "Connection", "close", "-disable-keepalive");
    }
    return builder.build();
  }

  private static void header(HttpRequest.Builder builder, String name, String value, String flag) {
    try {
      builder.header(name, value);
    } catch (IllegalArgumentException e) {
      LOG.warnf(
          "hey %s ignored: the JDK's HTTP client refuses it (%s); restricted headers need"
              + " -D%s=%s before the client is first used",
          flag, e.getMessage(), RESTRICTED, name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * Moves {@code -host} into the request target of a plain {@code http} run that goes directly to
   * its server: the URL's host becomes the {@code -host} value, and the URL's address becomes the
   * proxy the request is sent to, in absolute form.
   *
   * @param options the options of the run
   * @return the options to send with, unchanged when there is no {@code -host}, the URL is not
   *     {@code http}, or a proxy is in the way
   */
  static HeyOptions hostInRequestTarget(HeyOptions options) {
    URI url = options.url();
    if (options.host().isEmpty()
        || !url.getScheme().equals("http")
        || options.proxy().isPresent()) {
      return options;
    }
    ProxySelector proxy = defaultProxy();
    if (proxy != null
        && proxy.select(url).stream().anyMatch(p -> p.type() != java.net.Proxy.Type.DIRECT)) {
      return options;
    }
    URI target;
    try {
      target =
          URI.create(
              "http://"
                  + options.host().get()
                  + (url.getRawPath() == null || url.getRawPath().isEmpty()
                      ? "/"
                      : url.getRawPath())
                  + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    } catch (IllegalArgumentException e) {
      return options;
    }
    InetSocketAddress address =
        InetSocketAddress.createUnresolved(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    return new HeyOptions(
        target,
        options.duration(),
        options.requests(),
        options.workers(),
        options.ratePerWorker(),
        options.method(),
        options.headers(),
        options.body(),
        options.timeout(),
        Optional.empty(),
        options.disableKeepAlive(),
        options.disableRedirects(),
        options.http2(),
        Optional.of(address));
  }

  /**
   * Tells whether this JVM's HTTP client sends a header.
   *
   * @param name a header name
   * @return false for a restricted header that {@code jdk.httpclient.allowRestrictedHeaders} did
   *     not allow when the client was first used
   */
  static boolean headerAllowed(String name) {
    try {
      HttpRequest.newBuilder().header(name, "probe");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void allowRestrictedHeaders() {
    String current = System.getProperty(RESTRICTED, "");
    StringBuilder value = new StringBuilder(current);
    for (String header : new String[] {"host", "connection"}) {
      if (Arrays.stream(current.split(",")).map(String::trim).noneMatch(header::equalsIgnoreCase)) {
        value.append(value.length() == 0 ? "" : ",").append(header);
      }
    }
    System.setProperty(RESTRICTED, value.toString());
  }

  /** A load run that can be stopped and awaited. */
  public interface LoadRun {

    /**
     * The report, available when the run ends.
     *
     * @return a future completed with the report once every worker is done or the run is stopped;
     *     never completed exceptionally
     */
    CompletableFuture<LoadReport> result();

    /** Stops sending; requests in flight are not awaited and the result completes at once. */
    void stop();
  }

  /** One run: its workers, its counters and its result. */
  private final class Run implements LoadRun {
    private final HeyOptions options;
    private final LoadListener listener;
    private final HttpRequest request;
    private final HttpClient client;
    private final CompletableFuture<LoadReport> result = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    private long[] latencies = new long[1024];
    private int samples;
    private long startNanos;
    private long deadlineNanos;

    Run(HeyOptions options, LoadListener listener, HttpRequest request, HttpClient client) {
      this.options = options;
      this.listener = listener;
      this.request = request;
      this.client = client;
    }

    void begin() {
      startNanos = System.nanoTime();
      deadlineNanos = options.duration().map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
      activeWorkers.set(options.workers());
      long period = options.ratePerWorker() > 0 ? Math.round(1e9 / options.ratePerWorker()) : 0L;
      for (int i = 0; i < options.workers(); i++) {
        Worker worker = new Worker(period, options.requestsPerWorker());
        scheduler.execute(worker::next);
      }
    }

    @Override
    public CompletableFuture<LoadReport> result() {
      return result;
    }

    @Override
    public void stop() {
      if (stopped.compareAndSet(false, true)) {
        finish(true);
      }
    }

    private boolean over(long now) {
      return stopped.get() || now - deadlineNanos >= 0;
    }

    private void workerDone() {
      if (activeWorkers.decrementAndGet() == 0) {
        finish(false);
      }
    }

    private void record(HttpResponse<Void> response, Throwable failure, long sentNanos) {
      long latency = System.nanoTime() - sentNanos;
      requests.increment();
      if (failure != null) {
        errors.increment();
        listener.error(failure, Duration.ofNanos(latency));
        return;
      }
      codes.computeIfAbsent(response.statusCode(), c -> new LongAdder()).increment();
      synchronized (this) {
        if (samples < MAX_SAMPLES) {
          if (samples == latencies.length) {
            latencies = Arrays.copyOf(latencies, samples * 2);
          }
          latencies[samples++] = latency;
        }
      }
      listener.response(response.statusCode(), Duration.ofNanos(latency));
    }

    private void finish(boolean interrupted) {
      long[] sorted;
      synchronized (this) {
        sorted = Arrays.copyOf(latencies, samples);
      }
      Arrays.sort(sorted);
      Map<Integer, Long> counts = new java.util.HashMap<>();
      codes.forEach((code, count) -> counts.put(code, count.sum()));
      result.complete(
          new LoadReport(
              requests.sum(),
              counts,
              errors.sum(),
              Duration.ofNanos(System.nanoTime() - startNanos),
              percentile(sorted, 0.50),
              percentile(sorted, 0.90),
              percentile(sorted, 0.99),
              interrupted));
    }

    /**
     * One sequential request loop, paced on a fixed schedule of slots {@code start + k / rate}: a
     * worker that fell behind (slow answers) sends at once until it is back on schedule, so the
     * average rate is the requested one whenever the server keeps up.
     */
    private final class Worker {
      private final long period;
      private final long quota;
      private long sent;
      private long nextSlot;

      Worker(long period, long quota) {
        this.period = period;
        this.quota = quota;
        this.nextSlot = startNanos;
      }

      void next() {
        long now = System.nanoTime();
        if (sent >= quota || over(now)) {
          workerDone();
          return;
        }
        if (period > 0) {
          long delay = nextSlot - now;
          nextSlot += period;
          if (delay > 0) {
            scheduler.schedule(this::send, delay, TimeUnit.NANOSECONDS);
            return;
          }
        }
        send();
      }

      private void send() {
        long now = System.nanoTime();
        if (over(now)) {
          workerDone();
          return;
        }
        sent++;
        client
            .sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (response, failure) -> {
                  if (!stopped.get()) {
                    record(response, failure, now);
                  }
                  scheduler.execute(this::next);
                });
      }
    }
  }

  private static Duration percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(quantile * sorted.length) - 1;
    return Duration.ofNanos(sorted[Math.max(0, Math.min(rank, sorted.length - 1))]);
  }
}
