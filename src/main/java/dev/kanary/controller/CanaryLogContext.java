package dev.kanary.controller;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.canary.Names;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jboss.logging.MDC;

/**
 * Names the canary being worked on in every log line: puts {@code canary=name.namespace} into the
 * logging MDC (the {@code mdc} object of the JSON logs) for the duration of a reconciliation, and
 * carries the MDC into the tasks the engine hands to other threads.
 */
public final class CanaryLogContext {

  /** The MDC key that names the canary a log line is about. */
  public static final String KEY = "canary";

  private CanaryLogContext() {}

  /** The span during which log lines name a canary; closing it restores the previous MDC entry. */
  public interface Scope extends AutoCloseable {

    /** Restores the MDC entry that was there before the scope was entered. */
    @Override
    void close();
  }

  /**
   * Names a canary in the MDC of the current thread until the returned scope is closed.
   *
   * @param canary the canary the current thread works on
   * @return the scope, to close in a {@code finally} (try-with-resources)
   */
  public static Scope enter(Canary canary) {
    Object previous = MDC.get(KEY);
    MDC.put(KEY, Names.of(canary));
    return () -> {
      if (previous == null) {
        MDC.remove(KEY);
      } else {
        MDC.put(KEY, previous);
      }
    };
  }

  /**
   * An executor that runs each task with the MDC of the thread that submitted it, so that log lines
   * of background work (event webhooks, alerts) still name their canary.
   *
   * @param delegate the executor that runs the tasks
   * @return the MDC-carrying executor
   */
  public static Executor propagating(Executor delegate) {
    return task -> {
      Map<String, Object> context = new HashMap<>(MDC.getMap());
      delegate.execute(() -> runWith(context, task));
    };
  }

  private static void runWith(Map<String, Object> context, Runnable task) {
    Map<String, Object> previous = new HashMap<>(MDC.getMap());
    MDC.clear();
    context.forEach(MDC::put);
    try {
      task.run();
    } finally {
      MDC.clear();
      previous.forEach(MDC::put);
    }
  }
}
