package dev.kanary.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A metric provider's HTTP API on 127.0.0.1 that answers every request with a configured status,
 * content type and body, or hangs, and records the requests it received with their query parameters
 * and bodies.
 */
final class FakeProviderServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Request(
      String method,
      String path,
      Map<String, List<String>> parameters,
      Map<String, List<String>> headers,
      String body) {

    /**
     * The only value of a query parameter.
     *
     * @param name the parameter name
     * @return the decoded value, or null
     */
    String parameter(String name) {
      List<String> values = parameters.get(name);
      return values == null ? null : values.get(0);
    }

    /**
     * The first value of a request header.
     *
     * @param name the header name, in any case
     * @return the value, or null
     */
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String body = "{}";

  private FakeProviderServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a plain HTTP server on a free port.
   *
   * @return the server
   */
  static FakeProviderServer start() {
    try {
      return new FakeProviderServer(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The base URL of this server.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers every following request with a fixture of {@code src/test/resources/metrics/providers}.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type of the answer
   * @param fixture the fixture's file name
   * @return this server
   */
  FakeProviderServer answer(int status, String contentType, String fixture) {
    try (InputStream in =
        FakeProviderServer.class.getResourceAsStream("/metrics/providers/" + fixture)) {
      this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.status = status;
    this.contentType = contentType;
    return this;
  }

  /**
   * Answers every following request with a body.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type of the answer
   * @param body the body
   * @return this server
   */
  FakeProviderServer answerBody(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    return this;
  }

  /**
   * Makes every following request wait until the server is closed.
   *
   * @return this server
   */
  FakeProviderServer hang() {
    this.hang = true;
    return this;
  }

  /**
   * The last request received.
   *
   * @return the request
   */
  Request lastRequest() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        parameters.computeIfAbsent(decode(key), k -> new ArrayList<>()).add(decode(value));
      }
    }
    String received;
    try (InputStream in = exchange.getRequestBody()) {
      received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            parameters,
            Map.copyOf(exchange.getRequestHeaders()),
            received));
    if (hang) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
