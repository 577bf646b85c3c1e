package dev.kanary.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A Prometheus stand-in answering every {@code /api/v1/query} with one value, which the harness
 * switches from good to bad at a known instant.
 */
final class FakePrometheus implements AutoCloseable {

  private final HttpServer server;
  private volatile String value;

  /**
   * Starts serving a value on a free loopback port.
   *
   * @param value the value of every query until {@link #flip(String)}
   * @throws IOException when the port cannot be bound
   */
  FakePrometheus(String value) throws IOException {
    this.value = value;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                      + "[{\"metric\":{},\"value\":["
                      + Instant.now().getEpochSecond()
                      + ",\""
                      + this.value
                      + "\"]}]}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  /** The server's base URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers another value from now on.
   *
   * @param bad the new value
   * @return the instant of the switch
   */
  Instant flip(String bad) {
    Instant now = Instant.now();
    value = bad;
    return now;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
