package dev.kanary.loadtester;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The outcome of one load run.
 *
 * @param requests the requests that got a response or failed
 * @param statusCodes the number of responses per HTTP status code
 * @param errors the requests that got no response (connection refused, timeout, ...)
 * @param elapsed the time from the first request to the last answer
 * @param p50 the median latency of the answered requests
 * @param p90 the 90th percentile latency
 * @param p99 the 99th percentile latency
 * @param interrupted whether the run was stopped before its end (task timeout or shutdown)
 */
public record LoadReport(
    long requests,
    Map<Integer, Long> statusCodes,
    long errors,
    Duration elapsed,
    Duration p50,
    Duration p90,
    Duration p99,
    boolean interrupted) {

  /** Copies the status code counts in code order. */
  public LoadReport {
    statusCodes = java.util.Collections.unmodifiableMap(new TreeMap<>(statusCodes));
  }

  /**
   * The achieved rate over the whole run.
   *
   * @return requests per second, 0 when nothing was sent
   */
  public double ratePerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : requests / seconds;
  }

  /**
   * A one-line summary for the log, hey's numbers in Kanary's words.
   *
   * @return for example {@code 100 requests in 2.00s (50.0/s), status 200=100, errors 0, latency
   *     p50 1.2ms p90 2.0ms p99 4.1ms}
   */
  public String summary() {
    String codes =
        statusCodes.isEmpty()
            ? "none"
            : statusCodes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    return String.format(
        java.util.Locale.ROOT,
        "%d requests in %.2fs (%.1f/s), status %s, errors %d, latency p50 %s p90 %s p99 %s%s",
        requests,
        elapsed.toNanos() / 1e9,
        ratePerSecond(),
        codes,
        errors,
        millis(p50),
        millis(p90),
        millis(p99),
        interrupted ? " (interrupted)" : "");
  }

  private static String millis(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fms", d.toNanos() / 1e6);
  }
}
