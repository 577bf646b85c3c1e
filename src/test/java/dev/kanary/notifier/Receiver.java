package dev.kanary.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A local HTTP server that records every request and answers with scripted status codes. */
final class Receiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request. */
  record Request(String method, URI uri, Headers headers, String body) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean hanging;
  private volatile int defaultStatus = 200;

  Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          record(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI(),
                  exchange.getRequestHeaders(),
                  body));
          if (hanging) {
            awaitRelease();
          }
          exchange.sendResponseHeaders(nextStatus(), -1);
          exchange.close();
        });
    server.start();
  }

  /** The base URL, without trailing slash. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers the next requests with these statuses, then with the default status. */
  synchronized Receiver answering(Integer... next) {
    statuses.addAll(List.of(next));
    return this;
  }

  /** Answers every request not otherwise scripted with this status. */
  Receiver always(int status) {
    defaultStatus = status;
    return this;
  }

  /** Never answers until closed. */
  Receiver hanging() {
    hanging = true;
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private synchronized void record(Request request) {
    requests.add(request);
  }

  private synchronized int nextStatus() {
    Integer next = statuses.poll();
    return next == null ? defaultStatus : next;
  }

  private void awaitRelease() {
    try {
      released.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
