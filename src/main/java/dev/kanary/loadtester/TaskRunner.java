package dev.kanary.loadtester;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs {@code cmd} tasks in the background, at most one per canary and command at a time: {@code
 * hey} commands in-process with the {@link LoadGenerator}, anything else with {@code sh -c}.
 */
final class TaskRunner {

  private static final Logger LOG = Logger.getLogger(TaskRunner.class);

  private final LoadGenerator generator;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService shells;
  private final LoadTesterMetrics metrics;
  private final Duration timeout;
  private final Map<String, Runnable> running = new ConcurrentHashMap<>();

  TaskRunner(
      LoadGenerator generator,
      ScheduledExecutorService scheduler,
      ExecutorService shells,
      LoadTesterMetrics metrics,
      Duration timeout) {
    this.generator = generator;
    this.scheduler = scheduler;
    this.shells = shells;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  /**
   * Starts a load run unless the same command already runs for the canary.
   *
   * @param payload the webhook payload naming the canary
   * @param command the command as written, the de-duplication key with the canary
   * @param options the parsed hey options
   * @return true when started, false when skipped as a duplicate
   */
  boolean hey(WebhookPayload payload, String command, HeyOptions options) {
    String key = payload.canary() + "\n" + command;
    CompletableFuture<LoadGenerator.LoadRun> started = new CompletableFuture<>();
    if (running.putIfAbsent(key, () -> started.thenAccept(LoadGenerator.LoadRun::stop)) != null) {
      skipped(payload, "hey", options.describe());
      return false;
    }
    LOG.infof("%s hey starting: %s", payload.canary(), options.describe());
    LoadGenerator.LoadRun run;
    try {
      run = generator.start(options, metrics.listener(payload.name(), payload.namespace()));
    } catch (RuntimeException e) {
      running.remove(key);
      throw e;
    }
    started.complete(run);
    var timer = scheduler.schedule(run::stop, timeout.toNanos(), TimeUnit.NANOSECONDS);
    run.result()
        .thenAccept(
            report -> {
              timer.cancel(false);
              LOG.infof(
                  "%s hey finished: %s: %s",
                  payload.canary(), options.describe(), report.summary());
              metrics.task("hey", report.interrupted() ? "failed" : "succeeded");
              running.remove(key);
            });
    return true;
  }

  /**
   * Starts {@code sh -c command} unless the same command already runs for the canary.
   *
   * @param payload the webhook payload naming the canary
   * @param command the command
   * @param logOutput whether the output of a successful command is logged
   * @return true when started, false when skipped as a duplicate
   */
  boolean shell(WebhookPayload payload, String command, boolean logOutput) {
    String key = payload.canary() + "\n" + command;
    String shown = Redact.command(command);
    if (running.putIfAbsent(key, () -> {}) != null) {
      skipped(payload, "cmd", shown);
      return false;
    }
    LOG.infof("%s command starting %s", payload.canary(), shown);
    shells.execute(
        () -> {
          try {
            ShellCommand.Result result = ShellCommand.sh(command, timeout);
            if (result.ok()) {
              if (logOutput) {
                LOG.infof("%s %s", payload.canary(), result.output());
              }
              LOG.infof("%s command finished %s", payload.canary(), shown);
            } else {
              LOG.errorf(
                  "%s command failed %s %s %s",
                  payload.canary(), shown, result.failure(), result.output());
            }
            metrics.task("cmd", result.ok() ? "succeeded" : "failed");
          } finally {
            running.remove(key);
          }
        });
    return true;
  }

  /**
   * The tasks running now.
   *
   * @return their keys, {@code name.namespace} and the command separated by a newline
   */
  Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  /** Stops every load run; shell commands end with their timeout or when the JVM exits. */
  void stopAll() {
    running.values().forEach(Runnable::run);
  }

  private void skipped(WebhookPayload payload, String type, String shown) {
    metrics.task(type, "skipped");
    LOG.infof("%s command skipped %s is already running", payload.canary(), shown);
  }
}
