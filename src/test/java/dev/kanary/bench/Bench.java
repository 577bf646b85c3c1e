package dev.kanary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Kanary's benchmark harness (issue 10): hosts the API server, runs Kanary as a separate process
 * (JVM or native), drives canaries through it and prints a Markdown table of start-up time,
 * resident memory, API requests per step and per rollout, schedule lag, CPU and decision latency.
 * Run it with {@code bench/run.sh}; {@code docs/benchmarks.md} explains every figure.
 */
public final class Bench {

  private static final String NS = "bench";

  /** Held so that the level set on it stays: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final Options options;
  private final Results results = new Results();

  private Bench(Options options) {
    this.options = options;
  }

  /**
   * Runs the benchmark.
   *
   * @param args options, see {@link Options#parse(String[])}
   * @throws Exception when a scenario cannot run
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    Bench bench = new Bench(options);
    for (Runtime runtime : options.runtimes) {
      for (String scenario : options.scenarios) {
        System.err.printf("== %s %s%n", runtime.label, scenario);
        try {
          switch (scenario) {
            case "startup" -> bench.startup(runtime);
            case "rollout" -> bench.rollout(runtime);
            case "scale" -> {
              for (int n : options.sizes) {
                bench.scale(runtime, n);
              }
            }
            case "decision" -> bench.decision(runtime);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
          }
        } catch (Exception e) {
          System.err.printf("%s %s failed: %s%n", runtime.label, scenario, e);
          bench.results.put(scenario + " failed", runtime.label, e.getMessage());
        }
      }
    }
    String table = bench.results.markdown(options.runtimes);
    System.out.println(table);
    Path out = Path.of("target", "bench", "results-" + Instant.now().getEpochSecond() + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, options.describe() + "\n\n" + table);
    System.err.println("written to " + out);
    System.exit(0);
  }

  /** Start-up time to ready and idle resident memory, median of the repeats. */
  private void startup(Runtime runtime) throws Exception {
    List<Double> ready = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    for (int i = 0; i < options.repeats; i++) {
      try (World world = new World(runtime, "startup-" + i, Map.of())) {
        ready.add(world.kanary.readySeconds());
        Thread.sleep(5_000);
        rss.add(world.kanary.rssMiB());
      }
    }
    results.put(
        "start to /q/health/ready (s, median of " + ready.size() + ")",
        runtime.label,
        fmt(Stats.of(ready).p50()));
    results.put("RSS idle, 5 s after ready (MiB)", runtime.label, fmt(Stats.of(rss).p50()));
  }

  /** API requests of one canary's whole life: initialisation, one step, a whole rollout. */
  private void rollout(Runtime runtime) throws Exception {
    try (World world = new World(runtime, "rollout", Map.of())) {
      Map<Integer, Map<String, Long>> atWeight = new ConcurrentHashMap<>();
      world.api.onWrite(
          write -> {
            world.observe(write);
            JsonNode status = status(write);
            if (status != null && "Progressing".equals(status.path("phase").asText())) {
              atWeight.putIfAbsent(status.path("canaryWeight").asInt(), world.api.counts());
            }
          });
      Map<String, Long> start = world.api.counts();
      world.create(1, "2s", 20, 60, null, 1);
      world.await("Initialized", 1, Duration.ofSeconds(60));
      Map<String, Long> initialized = world.api.counts();
      world.bump(0);
      world.await("Succeeded", 1, Duration.ofSeconds(120));
      Map<String, Long> done = world.api.counts();
      results.put(
          "API requests, canary creation to Initialized (reads/writes)",
          runtime.label,
          readsWrites(ApiRecorder.kanaryDelta(start, initialized)));
      results.put(
          "API requests, whole rollout: image bump to Succeeded, stepWeight 20, maxWeight 60 (reads/writes)",
          runtime.label,
          readsWrites(ApiRecorder.kanaryDelta(initialized, done)));
      Map<String, Long> step = ApiRecorder.kanaryDelta(atWeight.get(20), atWeight.get(40));
      results.put(
          "API requests, one steady-state step 20 -> 40 (reads/writes)",
          runtime.label,
          readsWrites(step));
      results.put("API writes of that step", runtime.label, writes(step));
      System.err.println("  requests of that step: " + step);
      System.err.println(
          "  requests of initialisation: " + ApiRecorder.kanaryDelta(start, initialized));
      System.err.println(
          "  requests of the rollout: " + ApiRecorder.kanaryDelta(initialized, done));
    }
  }

  /** N canaries under analysis at a 10 s interval: memory, CPU, requests per step, lag. */
  private void scale(Runtime runtime, int n) throws Exception {
    try (World world = new World(runtime, "scale-" + n, Map.of())) {
      world.api.onWrite(world::observe);
      long created = System.nanoTime();
      world.create(n, options.interval + "s", 1, 100, null, options.threads);
      System.err.printf(
          "  created %d canaries in %.1f s%n", n, (System.nanoTime() - created) / 1e9);
      world.await("Initialized", n, Duration.ofSeconds(120 + n / 10));
      world.bumpAll(n, options.threads);
      long analysing =
          world.count(
              c -> "Progressing".equals(c.phase) && c.weight >= 1,
              n,
              Duration.ofSeconds(120 + n / 10));
      results.put(
          "canaries under analysis when the window opened, " + n + " canaries",
          runtime.label,
          analysing + " of " + n);
      Thread.sleep(options.interval * 1000L);
      double harnessCpu0 = KanaryProcess.cpuSeconds(Path.of("/proc/self/stat"));
      double cpu0 = world.kanary.cpuSeconds();
      Map<String, Long> counts0 = world.api.counts();
      world.recording = true;
      long t0 = System.nanoTime();
      double maxRss = 0;
      while (System.nanoTime() - t0 < options.window * 1_000_000_000L) {
        Thread.sleep(1_000);
        maxRss = Math.max(maxRss, world.kanary.rssMiB());
      }
      world.recording = false;
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = world.kanary.cpuSeconds() - cpu0;
      double harnessCpu = KanaryProcess.cpuSeconds(Path.of("/proc/self/stat")) - harnessCpu0;
      Map<String, Long> delta = ApiRecorder.kanaryDelta(counts0, world.api.counts());
      int steps = world.startLag.size();
      String label = n + " canaries, " + options.interval + " s interval";
      results.put(
          "RSS with " + n + " canaries under analysis, max over window (MiB)",
          runtime.label,
          fmt(maxRss));
      results.put(
          "CPU of Kanary, " + label + " (% of one core)", runtime.label, fmt(100 * cpu / seconds));
      results.put(
          "CPU of the harness (API server + workloads), " + label + " (% of one core)",
          runtime.label,
          fmt(100 * harnessCpu / seconds));
      results.put(
          "steps done per second, " + label + " (ideal " + fmt((double) n / options.interval) + ")",
          runtime.label,
          fmt(steps / seconds));
      results.put(
          "API requests per step, " + label + " (reads/writes)",
          runtime.label,
          perStep(delta, steps));
      results.put(
          "schedule lag, step start, " + label + " (p50/p99/max s)",
          runtime.label,
          Stats.of(world.startLag).summary());
      results.put(
          "schedule lag, status write arrival, " + label + " (p50/p99/max s)",
          runtime.label,
          Stats.of(world.writeLag).summary());
      results.put(
          "kanary_schedule_lag_seconds, " + label + " (p50/p99/max s)",
          runtime.label,
          scrapedLag(world.kanary.metrics()));
    }
  }

  /** From a metric turning bad to the rollback written, for canaries at staggered phases. */
  private void decision(Runtime runtime) throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus("100");
        World world =
            new World(runtime, "decision", Map.of("KANARY_METRICS_SERVER", prometheus.url()))) {
      int k = options.decisionCanaries;
      int interval = options.interval;
      world.api.onWrite(world::observe);
      world.create(k, interval + "s", 5, 100, "request-success-rate", 1);
      world.await("Initialized", k, Duration.ofSeconds(120));
      for (int i = 0; i < k; i++) {
        world.bump(i);
        Thread.sleep(interval * 1000L / k);
      }
      world.await(c -> c.weight >= 10, k, Duration.ofSeconds(10L * interval + 60));
      Instant flip = prometheus.flip("50");
      world.await("Failed", k, Duration.ofSeconds(3L * interval + 30));
      List<Double> detect = new ArrayList<>();
      List<Double> rolledBack = new ArrayList<>();
      for (CanaryState c : world.canaries.values()) {
        detect.add(seconds(flip, c.firstFailedCheck));
        rolledBack.add(seconds(flip, c.routeReset != null ? c.routeReset : c.failedAt));
      }
      String label = k + " canaries, " + interval + " s interval, threshold 1";
      results.put(
          "metric bad -> failed check written, " + label + " (p50/max s)",
          runtime.label,
          Stats.of(detect).shortSummary());
      results.put(
          "metric bad -> rollback written (routes to primary), " + label + " (p50/max s)",
          runtime.label,
          Stats.of(rolledBack).shortSummary());
    }
  }

  private static double seconds(Instant from, Instant to) {
    return to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e9;
  }

  private static JsonNode status(ApiRecorder.Write write) {
    if (!write.resource().startsWith("canaries") || write.object() == null) {
      return null;
    }
    JsonNode status = write.object().path("status");
    return status.isMissingNode() ? null : status;
  }

  private static String readsWrites(Map<String, Long> delta) {
    long writes = 0;
    long reads = 0;
    for (Map.Entry<String, Long> e : delta.entrySet()) {
      if (e.getKey().startsWith("WATCH")) {
        continue;
      }
      if (ApiRecorder.isWrite(e.getKey())) {
        writes += e.getValue();
      } else {
        reads += e.getValue();
      }
    }
    return reads + " / " + writes;
  }

  private static String writes(Map<String, Long> delta) {
    StringBuilder text = new StringBuilder();
    delta.forEach(
        (key, count) -> {
          if (ApiRecorder.isWrite(key)) {
            text.append(text.isEmpty() ? "" : ", ").append(count).append(" ").append(key);
          }
        });
    return text.toString();
  }

  private static String perStep(Map<String, Long> delta, int steps) {
    if (steps == 0) {
      return "no steps";
    }
    double writes = 0;
    double reads = 0;
    for (Map.Entry<String, Long> e : delta.entrySet()) {
      if (!e.getKey().startsWith("WATCH")) {
        if (ApiRecorder.isWrite(e.getKey())) {
          writes += e.getValue();
        } else {
          reads += e.getValue();
        }
      }
    }
    return String.format(Locale.ROOT, "%.2f / %.2f", reads / steps, writes / steps);
  }

  private static String scrapedLag(String metrics) {
    String p50 = "?";
    String p99 = "?";
    String max = "?";
    for (String line : metrics.split("\n")) {
      if (!line.startsWith("kanary_schedule_lag_seconds")) {
        continue;
      }
      String value = line.substring(line.lastIndexOf(' ') + 1);
      if (line.contains("quantile=\"0.5\"")) {
        p50 = fmt(Double.parseDouble(value));
      } else if (line.contains("quantile=\"0.99\"")) {
        p99 = fmt(Double.parseDouble(value));
      } else if (line.startsWith("kanary_schedule_lag_seconds_max")) {
        max = fmt(Double.parseDouble(value));
      }
    }
    return p50 + " / " + p99 + " / " + max;
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3g", value);
  }

  /** What the harness knows of one canary, from Kanary's writes. */
  static final class CanaryState {
    volatile String phase = "";
    volatile int weight;
    volatile Instant lastTransition;
    volatile Instant firstFailedCheck;
    volatile Instant failedAt;
    volatile Instant routeReset;
  }

  /** One API server, its simulated workloads, and one Kanary process against them. */
  private final class World implements AutoCloseable {
    final ApiRecorder api = new ApiRecorder();
    final KubernetesClient client;
    final SimulatedWorkloadController workloads;
    final KanaryProcess kanary;
    final Map<String, CanaryState> canaries = new ConcurrentHashMap<>();
    final List<Double> startLag = new CopyOnWriteArrayList<>();
    final List<Double> writeLag = new CopyOnWriteArrayList<>();
    volatile boolean recording;

    World(Runtime runtime, String name, Map<String, String> environment) throws Exception {
      client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder()
                      .withMasterUrl(api.url())
                      .withUserAgent(ApiRecorder.HARNESS_AGENT)
                      .withRequestTimeout(60_000)
                      .build())
              .build();
      try (Stream<Path> crds = Files.list(Path.of("kubernetes", "crds"))) {
        for (Path crd : crds.filter(p -> p.toString().endsWith("flagger.app.yaml")).toList()) {
          try (InputStream in = Files.newInputStream(crd)) {
            client.load(in).create();
          }
        }
      }
      workloads =
          new SimulatedWorkloadController(client, Duration.ofMillis(200), 1, Clock.systemUTC());
      kanary =
          new KanaryProcess(
              runtime.command,
              api.url(),
              environment,
              Path.of("target", "bench", runtime.label + "-" + name + ".log"));
      kanary.awaitReady(Duration.ofSeconds(90));
    }

    /** Records a write of Kanary's into the canaries' states and the lag samples. */
    void observe(ApiRecorder.Write write) {
      if (write.resource().equals("virtualservices") && write.name() != null) {
        CanaryState state = canaries.get(write.name());
        if (state != null && state.firstFailedCheck != null && state.routeReset == null) {
          state.routeReset = write.arrival();
        }
        return;
      }
      JsonNode status = status(write);
      if (status == null || write.name() == null) {
        return;
      }
      CanaryState state = canaries.computeIfAbsent(write.name(), k -> new CanaryState());
      String phase = status.path("phase").asText();
      Instant transition;
      try {
        transition = Instant.parse(status.path("lastTransitionTime").asText());
      } catch (DateTimeParseException e) {
        return;
      }
      if (recording
          && "Progressing".equals(phase)
          && "Progressing".equals(state.phase)
          && state.lastTransition != null
          && transition.isAfter(state.lastTransition)) {
        Instant due = state.lastTransition.plusSeconds(options.interval);
        startLag.add(seconds(due, transition));
        writeLag.add(seconds(due, write.arrival()));
      }
      if (status.path("failedChecks").asInt() > 0 && state.firstFailedCheck == null) {
        state.firstFailedCheck = write.arrival();
      }
      if ("Failed".equals(phase) && state.failedAt == null) {
        state.failedAt = write.arrival();
      }
      state.phase = phase;
      state.weight = status.path("canaryWeight").asInt();
      state.lastTransition = transition;
    }

    void create(int n, String interval, int step, int max, String metric, int threads)
        throws Exception {
      parallel(
          n,
          threads,
          i -> {
            String name = name(i);
            client.resource(deployment(name, name + ":1.0")).create();
            client.resource(canary(name, interval, step, max, metric)).create();
          });
    }

    void bump(int i) {
      for (int attempt = 1; ; attempt++) {
        try {
          setImage(i);
          return;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 409 || attempt == 5) {
            throw e;
          }
        }
      }
    }

    private void setImage(int i) {
      client
          .apps()
          .deployments()
          .inNamespace(NS)
          .withName(name(i))
          .edit(
              d -> {
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .setImage(name(i) + ":1.1");
                return d;
              });
    }

    void bumpAll(int n, int threads) throws Exception {
      parallel(n, threads, this::bump);
    }

    void await(String phase, int n, Duration timeout) throws InterruptedException {
      await(c -> phase.equals(c.phase), n, timeout);
    }

    void await(Predicate<CanaryState> done, int n, Duration timeout) throws InterruptedException {
      long count = count(done, n, timeout);
      if (count < n) {
        throw new IllegalStateException(
            "only " + count + " of " + n + " canaries reached the state within " + timeout);
      }
    }

    /** Waits until n canaries are done or the time is out, and tells how many are done. */
    long count(Predicate<CanaryState> done, int n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      long count = 0;
      while (System.nanoTime() < deadline) {
        count = canaries.values().stream().filter(done).count();
        if (count >= n) {
          return count;
        }
        Thread.sleep(200);
      }
      return count;
    }

    @Override
    public void close() throws Exception {
      kanary.close();
      workloads.close();
      client.close();
      api.close();
    }
  }

  /** A piece of work done once for each index of a range, on several threads. */
  private interface IndexTask {
    /**
     * Does the work for one index.
     *
     * @param i the index
     * @throws Exception when the work fails, which fails the whole range
     */
    void run(int i) throws Exception;
  }

  private static void parallel(int n, int threads, IndexTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = first; i < n; i += threads) {
                    task.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "app%05d", i);
  }

  private static Deployment deployment(String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private HasMetadata canary(String name, String interval, int step, int max, String metric) {
    String metrics =
        metric == null
            ? ""
            : "    metrics:\n      - {name: %s, thresholdRange: {min: 99}, interval: 1m}\n"
                .formatted(metric);
    String yaml =
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: %s, namespace: %s}
        spec:
          provider: istio
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          service: {port: 9898}
          analysis:
            interval: %s
            threshold: %d
            stepWeight: %d
            maxWeight: %d
        """
                .formatted(name, NS, name, interval, metric == null ? 5 : 1, step, max)
            + metrics;
    return new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
        .unmarshal(yaml, Canary.class);
  }

  /** How Kanary is run: a label and a command. */
  record Runtime(String label, List<String> command) {}

  /** Percentiles of a sample, by nearest rank. */
  record Stats(List<Double> sorted) {
    static Stats of(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.removeIf(v -> v == null || v.isNaN());
      Collections.sort(sorted);
      return new Stats(sorted);
    }

    double quantile(double q) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * sorted.size());
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double p50() {
      return quantile(0.5);
    }

    String summary() {
      return fmt(p50())
          + " / "
          + fmt(quantile(0.99))
          + " / "
          + fmt(quantile(1.0))
          + " (n="
          + sorted.size()
          + ")";
    }

    String shortSummary() {
      return fmt(p50()) + " / " + fmt(quantile(1.0)) + " (n=" + sorted.size() + ")";
    }
  }

  /** The figures, one row each, one column per runtime. */
  private static final class Results {
    private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

    void put(String figure, String runtime, String value) {
      rows.computeIfAbsent(figure, k -> new LinkedHashMap<>()).put(runtime, value);
      System.err.printf("  %s [%s]: %s%n", figure, runtime, value);
    }

    String markdown(List<Runtime> runtimes) {
      StringBuilder text = new StringBuilder("| figure |");
      runtimes.forEach(r -> text.append(' ').append(r.label).append(" |"));
      text.append("\n|---|");
      runtimes.forEach(r -> text.append("---|"));
      text.append('\n');
      rows.forEach(
          (figure, values) -> {
            text.append("| ").append(figure).append(" |");
            runtimes.forEach(
                r -> text.append(' ').append(values.getOrDefault(r.label, "")).append(" |"));
            text.append('\n');
          });
      return text.toString();
    }
  }

  /** The harness' options. */
  private static final class Options {
    List<String> scenarios = List.of("startup", "rollout", "scale", "decision");
    List<Integer> sizes = List.of(100, 1000, 5000);
    int window = 60;
    int interval = 10;
    int repeats = 3;
    int decisionCanaries = 10;
    int threads = 8;
    String jvmOpts = "-XX:+UseSerialGC -Xmx192m -Xss512k";
    String jar = "target/quarkus-app/quarkus-run.jar";
    String nativeBinary = "";
    boolean jvm = true;
    List<Runtime> runtimes = new ArrayList<>();

    /**
     * Reads {@code --scenarios=a,b}, {@code --n=100,1000}, {@code --window=S}, {@code
     * --interval=S}, {@code --repeats=R}, {@code --decision-canaries=K}, {@code --jvm-opts=...},
     * {@code --jar=PATH}, {@code --native=PATH}, {@code --native-only} and {@code --quick}.
     */
    static Options parse(String[] args) {
      Options o = new Options();
      for (String arg : args) {
        String[] kv = arg.split("=", 2);
        String v = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "--scenarios" -> o.scenarios = Arrays.asList(v.split(","));
          case "--n" -> o.sizes = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
          case "--window" -> o.window = Integer.parseInt(v);
          case "--interval" -> o.interval = Integer.parseInt(v);
          case "--repeats" -> o.repeats = Integer.parseInt(v);
          case "--decision-canaries" -> o.decisionCanaries = Integer.parseInt(v);
          case "--jvm-opts" -> o.jvmOpts = v;
          case "--jar" -> o.jar = v;
          case "--native" -> o.nativeBinary = v;
          case "--native-only" -> o.jvm = false;
          case "--quick" -> {
            o.sizes = List.of(50);
            o.window = 15;
            o.repeats = 1;
            o.decisionCanaries = 3;
          }
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      List<String> jvm = new ArrayList<>(List.of("java"));
      if (!o.jvmOpts.isBlank()) {
        jvm.addAll(Arrays.asList(o.jvmOpts.trim().split("\\s+")));
      }
      jvm.addAll(List.of("-jar", o.jar));
      if (o.jvm) {
        o.runtimes.add(new Runtime("JVM", jvm));
      }
      if (!o.nativeBinary.isBlank()) {
        o.runtimes.add(new Runtime("native", List.of(o.nativeBinary, "-Xmx128m")));
      }
      return o;
    }

    String describe() {
      return "scenarios "
          + scenarios
          + ", N "
          + sizes
          + ", window "
          + window
          + " s, interval "
          + interval
          + " s, JVM options '"
          + jvmOpts
          + "', native '"
          + nativeBinary
          + "'";
    }
  }
}
