package dev.kanary.sandbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The timer threads of the sandbox's simulations: one named daemon thread each. */
public final class SandboxThreads {

  private SandboxThreads() {}

  /**
   * A scheduler on one daemon thread, which never keeps the process alive.
   *
   * @param name the thread's name
   * @return the scheduler; its owner shuts it down
   */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
