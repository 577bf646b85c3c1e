package dev.kanary.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for the end-to-end tests, scraping
 * one target every second.
 *
 * <p>Where the binary is absent the calling test is skipped with a message, unless {@code
 * KANARY_REQUIRE_PROMETHEUS=true} (set by {@code .ci/run}) turns the absence into a failure.
 */
final class PrometheusServer implements AutoCloseable {

  private static final String BINARY = "/usr/bin/prometheus";

  private final int port;
  private Process process;

  private PrometheusServer(int port) {
    this.port = port;
  }

  /**
   * Reserves a port for a server, skipping the test where Prometheus is not installed.
   *
   * @return the server, not started yet
   */
  static PrometheusServer requireInstalled() {
    boolean installed = Files.isExecutable(Path.of(BINARY));
    if (!installed && "true".equals(System.getenv("KANARY_REQUIRE_PROMETHEUS"))) {
      throw new AssertionError(
          BINARY + " is missing but KANARY_REQUIRE_PROMETHEUS=true: install Debian's prometheus");
    }
    Assumptions.assumeTrue(
        installed,
        "Skipped: no Prometheus at "
            + BINARY
            + " (apt-get install prometheus, as .ci/run does, to run this test)");
    return new PrometheusServer(freePort());
  }

  /**
   * Reserves a port for a server where Prometheus is installed.
   *
   * @return the server, not started yet, or empty where Prometheus is not installed and {@code
   *     KANARY_REQUIRE_PROMETHEUS} is not {@code true}
   */
  static Optional<PrometheusServer> whenInstalled() {
    if (!Files.isExecutable(Path.of(BINARY))
        && !"true".equals(System.getenv("KANARY_REQUIRE_PROMETHEUS"))) {
      return Optional.empty();
    }
    return Optional.of(requireInstalled());
  }

  /**
   * Starts the server, scraping a target on the loopback address every second.
   *
   * @param targetPort the port of the target's {@code /metrics}
   * @param work a directory for its configuration, data and log
   * @return this server
   */
  PrometheusServer start(int targetPort, Path work) {
    try {
      Path config = work.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: mesh
              static_configs:
                - targets: ["127.0.0.1:%d"]
          """
              .formatted(targetPort));
      process =
          new ProcessBuilder(
                  BINARY,
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + work.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("prometheus.log").toFile())
              .start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The server's base URL.
   *
   * @return the URL
   */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
