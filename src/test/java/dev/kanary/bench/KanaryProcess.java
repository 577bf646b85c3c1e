package dev.kanary.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kanary as a separate process (the packaged JVM application or a native binary) pointed at the
 * benchmark's API server, so that its resident memory and CPU time are its own.
 */
final class KanaryProcess implements AutoCloseable {

  private static final long TICKS_PER_SECOND = 100;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final long startNanos;
  private double readySeconds = Double.NaN;

  /**
   * Starts Kanary.
   *
   * @param command the command that runs Kanary, without its settings
   * @param apiServer the API server URL
   * @param environment further environment variables (Kanary settings)
   * @param log where its output goes
   * @throws IOException when it cannot be started
   */
  KanaryProcess(List<String> command, String apiServer, Map<String, String> environment, Path log)
      throws IOException {
    this.port = freePort();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.environment().put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("KANARY_SANDBOX_ENABLED", "false");
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    startNanos = System.nanoTime();
    process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
  }

  /**
   * Waits for the first 200 of {@code /q/health/ready}, polling every 10 ms.
   *
   * @param timeout how long to wait
   * @return seconds from process start to ready
   * @throws InterruptedException when interrupted
   */
  double awaitReady(Duration timeout) throws InterruptedException {
    long deadline = startNanos + timeout.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kanary exited with " + process.exitValue());
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          readySeconds = (System.nanoTime() - startNanos) / 1e9;
          return readySeconds;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("Kanary not ready within " + timeout);
  }

  /** Seconds from process start to ready, once known. */
  double readySeconds() {
    return readySeconds;
  }

  /** Resident memory in MiB, from /proc. */
  double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS");
  }

  /** CPU seconds (user and system) the process used so far, from /proc. */
  double cpuSeconds() throws IOException {
    return cpuSeconds(Path.of("/proc/" + process.pid() + "/stat"));
  }

  /**
   * CPU seconds (user and system) of a process, from its /proc stat file.
   *
   * @param stat the stat file
   * @return the seconds
   * @throws IOException when it cannot be read
   */
  static double cpuSeconds(Path stat) throws IOException {
    String text = Files.readString(stat);
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
  }

  /**
   * Fetches Kanary's Prometheus metrics.
   *
   * @return the exposition text
   */
  String metrics() throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
