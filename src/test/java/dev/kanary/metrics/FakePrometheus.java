package dev.kanary.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Prometheus HTTP API on 127.0.0.1 that answers every query with a configured status and body, or
 * hangs, and records the requests it received.
 */
final class FakePrometheus implements AutoCloseable {

  /** One request as the server saw it. */
  record Request(String method, String path, String query, Map<String, List<String>> headers) {

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

    /**
     * All values of a request header.
     *
     * @param name the header name, in any case
     * @return the values
     */
    List<String> headers(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(List.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile String body = fixture("vector.json");
  private volatile boolean hang;

  private FakePrometheus(HttpServer server) {
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
  static FakePrometheus start() {
    try {
      return new FakePrometheus(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts an HTTPS server on a free port, presenting a self-signed certificate for another host.
   *
   * @return the server
   */
  static FakePrometheus startHttps() {
    try (InputStream in = FakePrometheus.class.getResourceAsStream("/metrics/self-signed.p12")) {
      char[] password = "test-only".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      return new FakePrometheus(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a fixture of {@code src/test/resources/metrics}.
   *
   * @param name the file name
   * @return its content
   */
  static String fixture(String name) {
    try (InputStream in = FakePrometheus.class.getResourceAsStream("/metrics/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The base URL of this server.
   *
   * @return {@code http://127.0.0.1:<port>} or {@code https://...}
   */
  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers every following query with a fixture.
   *
   * @param status the HTTP status
   * @param fixture the fixture's file name
   * @return this server
   */
  FakePrometheus answer(int status, String fixture) {
    return answerBody(status, fixture(fixture));
  }

  /**
   * Answers every following query with a body.
   *
   * @param status the HTTP status
   * @param body the body
   * @return this server
   */
  FakePrometheus answerBody(int status, String body) {
    this.status = status;
    this.body = body;
    return this;
  }

  /**
   * Makes every following query wait until the server is closed.
   *
   * @return this server
   */
  FakePrometheus hang() {
    this.hang = true;
    return this;
  }

  /**
   * The requests received so far.
   *
   * @return them, oldest first
   */
  List<Request> requests() {
    return List.copyOf(requests);
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
    String query = null;
    if (rawQuery != null && rawQuery.startsWith("query=")) {
      query = URLDecoder.decode(rawQuery.substring("query=".length()), StandardCharsets.UTF_8);
    }
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            query,
            Map.copyOf(exchange.getRequestHeaders())));
    if (hang) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
