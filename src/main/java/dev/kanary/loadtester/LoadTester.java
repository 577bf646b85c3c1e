package dev.kanary.loadtester;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Kanary's load tester: Flagger's {@code flagger-loadtester} HTTP API in plain Java, usable without
 * Quarkus and without a socket through {@link #handle(String, String, byte[])}.
 *
 * <p>The API, as Flagger serves it:
 *
 * <ul>
 *   <li>{@code POST /} with a webhook payload {@code {"name", "namespace", "phase", "metadata"}}
 *       runs a task chosen by {@code metadata.type}:
 *       <ul>
 *         <li>{@code cmd} (the default): {@code metadata.cmd} runs in the background and the answer
 *             is 202 at once; the same command is not started again for the same canary while it
 *             runs. A simple {@code hey} command is run in-process by {@link LoadGenerator};
 *             anything else runs with {@code sh -c} and the task timeout. {@code logCmdOutput:
 *             "true"} logs the output.
 *         <li>{@code bash}: {@code bash -c cmd} (or an in-process {@code hey}) runs to its end; 200
 *             on success, with the output when {@code returnCmdOutput} is {@code "true"}, or 500
 *             with the error and output.
 *         <li>{@code helm}, {@code helmv3}, {@code kubectl}: {@code helm cmd} or {@code kubectl
 *             cmd} run to their end like {@code bash}, when those programs are installed.
 *       </ul>
 *       400 for a body that is not JSON, no metadata ({@code metadata not found in payload}), no
 *       {@code cmd}, an unknown type or an invalid {@code hey} command.
 *   <li>Gates, kept in memory per canary {@code name.namespace}: {@code /gate/approve} 200, {@code
 *       /gate/halt} 403, {@code /gate/check} 200 {@code Approved} when opened else 403 {@code
 *       Forbidden}, {@code /gate/open} and {@code /gate/close} 202; the rollback gate {@code
 *       /rollback/check|open|close} likewise, keyed {@code rollback.name.namespace}.
 *   <li>{@code /healthz} 200 {@code OK}; {@code /metrics} the Prometheus exposition when a scrape
 *       function was given.
 * </ul>
 *
 * <p>When a namespace regular expression is configured, every payload whose namespace does not
 * contain a match is refused with 403 {@code Forbidden}. Other paths answer 404.
 */
public final class LoadTester implements AutoCloseable {

  /** The task timeout of Flagger's loadtester ({@code -timeout}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  /** Every path of the API, as an HTTP server in front of {@link #handle} routes them. */
  public static final List<String> PATHS =
      List.of(
          "/",
          "/healthz",
          "/gate/approve",
          "/gate/halt",
          "/gate/check",
          "/gate/open",
          "/gate/close",
          "/rollback/check",
          "/rollback/open",
          "/rollback/close");

  private static final Logger LOG = Logger.getLogger(LoadTester.class);
  private static final Set<String> PAYLOAD_PATHS =
      Set.of(
          "/",
          "/gate/check",
          "/gate/open",
          "/gate/close",
          "/rollback/check",
          "/rollback/open",
          "/rollback/close");

  private final Duration timeout;
  private final Optional<Pattern> namespaces;
  private final Optional<Supplier<String>> scrape;
  private final LoadTesterMetrics metrics;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService shells;
  private final LoadGenerator generator;
  private final TaskRunner tasks;
  private final Set<String> gates = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private LoadTester(Builder builder) {
    this.timeout = builder.timeout;
    this.namespaces = builder.namespaceRegexp.map(Pattern::compile);
    this.scrape = builder.scrape;
    this.metrics = new LoadTesterMetrics(builder.registry);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(daemon("kanary-loadtester-scheduler"));
    this.shells = Executors.newCachedThreadPool(daemon("kanary-loadtester-task"));
    this.generator = new LoadGenerator(scheduler);
    this.tasks = new TaskRunner(generator, scheduler, shells, metrics, timeout);
  }

  /**
   * Starts building a load tester.
   *
   * @return a builder with Flagger's defaults: one hour task timeout, every namespace allowed, a
   *     private meter registry, no {@code /metrics}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Serves one request of the API.
   *
   * @param method the HTTP method; like Flagger, the load tester does not distinguish methods
   * @param path the request path, possibly with a query, which is ignored
   * @param body the request body, possibly empty
   * @return the response; synchronous tasks ({@code bash}, {@code helm}, ...) have run when it
   *     returns
   */
  public Response handle(String method, String path, byte[] body) {
    int query = path.indexOf('?');
    String route = query >= 0 ? path.substring(0, query) : path;
    if (route.isEmpty()) {
      route = "/";
    }
    switch (route) {
      case "/healthz":
        return Response.text(200, "OK");
      case "/metrics":
        return scrape
            .map(s -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", bytes(s.get())))
            .orElseGet(() -> Response.text(404, "404 page not found"));
      case "/gate/approve":
        return Response.text(200, "OK");
      case "/gate/halt":
        return Response.text(403, "Forbidden");
      default:
        break;
    }
    if (!PAYLOAD_PATHS.contains(route)) {
      return Response.text(404, "404 page not found");
    }
    WebhookPayload payload;
    try {
      payload = WebhookPayload.parse(body == null ? new byte[0] : body);
    } catch (IllegalArgumentException e) {
      LOG.errorf("decoding the request body failed: %s", e.getMessage());
      return Response.text(400, "decoding the request body failed: " + e.getMessage());
    }
    if (namespaces.isPresent() && !namespaces.get().matcher(payload.namespace()).find()) {
      LOG.warnf("%s refused: namespace not authorized", payload.canary());
      return Response.text(403, "Forbidden");
    }
    return switch (route) {
      case "/gate/check" -> check(payload.canary(), "gate check");
      case "/gate/open" -> toggle(payload.canary(), true, "gate opened");
      case "/gate/close" -> toggle(payload.canary(), false, "gate closed");
      case "/rollback/check" -> check("rollback." + payload.canary(), "rollback check");
      case "/rollback/open" -> toggle("rollback." + payload.canary(), true, "rollback opened");
      case "/rollback/close" -> toggle("rollback." + payload.canary(), false, "rollback closed");
      default -> task(payload);
    };
  }

  /**
   * The background tasks running now.
   *
   * @return their keys: {@code name.namespace}, a newline, and the command
   */
  public Set<String> runningTasks() {
    return tasks.running();
  }

  /** Stops every load run and the load tester's threads. */
  @Override
  public void close() {
    tasks.stopAll();
    scheduler.shutdownNow();
    shells.shutdownNow();
  }

  private Response check(String key, String what) {
    boolean approved = gates.contains(key);
    LOG.infof("%s %s: approved %s", key, what, approved);
    return approved ? Response.text(200, "Approved") : Response.text(403, "Forbidden");
  }

  private Response toggle(String key, boolean open, String what) {
    if (open) {
      gates.add(key);
    } else {
      gates.remove(key);
    }
    LOG.infof("%s %s", key, what);
    return new Response(202, Response.TEXT, new byte[0]);
  }

  private Response task(WebhookPayload payload) {
    if (payload.metadata().isEmpty()) {
      return Response.text(400, "metadata not found in payload");
    }
    String type = payload.metadata().getOrDefault("type", "cmd");
    String command = payload.metadata().get("cmd");
    if (!Set.of("cmd", "bash", "helm", "helmv3", "kubectl").contains(type)) {
      return Response.text(400, "unknown task type " + type);
    }
    if (command == null) {
      return Response.text(400, "cmd not found in metadata");
    }
    CommandLine line;
    try {
      line = CommandLine.parse(command);
    } catch (IllegalArgumentException e) {
      return Response.text(400, "invalid command: " + e.getMessage());
    }
    Optional<HeyOptions> hey = Optional.empty();
    if (type.equals("cmd") || type.equals("bash")) {
      if (HeyOptions.isHey(line)) {
        try {
          hey = Optional.of(HeyOptions.parse(line.words().subList(1, line.words().size())));
        } catch (IllegalArgumentException e) {
          return Response.text(400, "invalid hey command: " + e.getMessage());
        }
      }
    }
    if (type.equals("cmd")) {
      boolean logOutput = Boolean.parseBoolean(payload.metadata().get("logCmdOutput"));
      if (hey.isPresent()) {
        tasks.hey(payload, command, hey.get());
      } else {
        tasks.shell(payload, command, logOutput);
      }
      return new Response(202, Response.TEXT, new byte[0]);
    }
    boolean returnOutput = Boolean.parseBoolean(payload.metadata().get("returnCmdOutput"));
    if (hey.isPresent()) {
      return blockingHey(payload, hey.get(), returnOutput);
    }
    String shown = Redact.command(command);
    LOG.infof("%s %s command %s", payload.canary(), type, shown);
    ShellCommand.Result result =
        switch (type) {
          case "bash" -> ShellCommand.bash(command, timeout);
          case "kubectl" -> ShellCommand.sh("kubectl " + command, timeout);
          default -> ShellCommand.sh("helm " + command, timeout);
        };
    metrics.task(type, result.ok() ? "succeeded" : "failed");
    if (!result.ok()) {
      LOG.errorf(
          "%s command failed %s %s %s", payload.canary(), shown, result.failure(), result.output());
      return Response.text(500, " " + result.failure() + " " + result.output());
    }
    LOG.infof("%s %s", payload.canary(), result.output());
    LOG.infof("%s command finished %s", payload.canary(), shown);
    return Response.text(200, returnOutput ? result.output() : "");
  }

  private Response blockingHey(WebhookPayload payload, HeyOptions options, boolean returnOutput) {
    LOG.infof("%s hey starting: %s", payload.canary(), options.describe());
    LoadGenerator.LoadRun run =
        generator.start(options, metrics.listener(payload.name(), payload.namespace()));
    LoadReport report;
    try {
      report = run.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      run.stop();
      report = run.result().join();
    } catch (InterruptedException e) {
      run.stop();
      Thread.currentThread().interrupt();
      report = run.result().join();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    LOG.infof("%s hey finished: %s: %s", payload.canary(), options.describe(), report.summary());
    metrics.task("hey", report.interrupted() ? "failed" : "succeeded");
    if (report.interrupted()) {
      return Response.text(500, " hey interrupted: " + report.summary());
    }
    return Response.text(200, returnOutput ? report.summary() : "");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Configures a {@link LoadTester}. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private Optional<String> namespaceRegexp = Optional.empty();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Optional<Supplier<String>> scrape = Optional.empty();

    private Builder() {}

    /**
     * Sets the task timeout (Flagger's {@code -timeout}).
     *
     * @param timeout the longest a command or load run may take
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Restricts the namespaces served (Flagger's {@code -namespace-regexp}).
     *
     * @param regexp a regular expression that must be found in the payload's namespace; empty
     *     allows every namespace
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException when the expression is invalid
     */
    public Builder namespaceRegexp(Optional<String> regexp) {
      regexp.ifPresent(Pattern::compile);
      this.namespaceRegexp = regexp.filter(r -> !r.isEmpty());
      return this;
    }

    /**
     * Sets the registry that receives the {@code kanary_loadtester_*} metrics.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /**
     * Serves {@code /metrics} with the given exposition.
     *
     * @param scrape produces the Prometheus text exposition
     * @return this builder
     */
    public Builder metrics(Supplier<String> scrape) {
      this.scrape = Optional.of(scrape);
      return this;
    }

    /**
     * Builds the load tester, which starts its threads.
     *
     * @return the load tester; close it to stop them
     */
    public LoadTester build() {
      return new LoadTester(this);
    }
  }
}
