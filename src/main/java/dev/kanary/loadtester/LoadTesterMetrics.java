package dev.kanary.loadtester;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The load tester's Micrometer metrics, exported in Prometheus as {@code
 * kanary_loadtester_requests_total{canary,namespace,code}}, {@code
 * kanary_loadtester_errors_total{canary,namespace}}, {@code
 * kanary_loadtester_request_duration_seconds{canary,namespace}} (with p50, p90 and p99) and {@code
 * kanary_loadtester_tasks_total{type,result}}. No label carries a URL.
 */
final class LoadTesterMetrics {

  private final MeterRegistry registry;

  LoadTesterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A listener that records one canary's requests.
   *
   * @param name the canary's name
   * @param namespace the canary's namespace
   * @return the listener
   */
  LoadListener listener(String name, String namespace) {
    Timer latency =
        Timer.builder("kanary.loadtester.request.duration")
            .description("Latency of the requests sent by the load tester")
            .tags("canary", name, "namespace", namespace)
            .publishPercentiles(0.5, 0.9, 0.99)
            .register(registry);
    Counter errors =
        Counter.builder("kanary.loadtester.errors")
            .description("Requests of the load tester that got no response")
            .tags("canary", name, "namespace", namespace)
            .register(registry);
    return new LoadListener() {
      @Override
      public void response(int status, Duration duration) {
        Counter.builder("kanary.loadtester.requests")
            .description("Requests of the load tester that got a response, by status code")
            .tags("canary", name, "namespace", namespace, "code", Integer.toString(status))
            .register(registry)
            .increment();
        latency.record(duration);
      }

      @Override
      public void error(Throwable cause, Duration duration) {
        errors.increment();
      }
    };
  }

  /**
   * Counts a task.
   *
   * @param type the task type ({@code hey}, {@code cmd}, {@code bash}, ...)
   * @param result {@code succeeded}, {@code failed} or {@code skipped}
   */
  void task(String type, String result) {
    Counter.builder("kanary.loadtester.tasks")
        .description("Tasks run by the load tester")
        .tags("type", type, "result", result)
        .register(registry)
        .increment();
  }
}
