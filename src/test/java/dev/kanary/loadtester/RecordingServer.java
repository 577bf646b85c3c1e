package dev.kanary.loadtester;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server (Vert.x, TCP_NODELAY, so latency is not Nagle's) that records every request
 * it receives and answers a chosen status.
 */
final class RecordingServer implements AutoCloseable {

  /**
   * One received request.
   *
   * @param method the method
   * @param uri the request target as sent: a path, or an absolute URI when sent to a proxy
   * @param headers the headers
   * @param body the body as text
   */
  record Received(String method, String uri, MultiMap headers, String body) {

    String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  RecordingServer() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    server.requestHandler(
        request ->
            request
                .body()
                .onSuccess(
                    body -> {
                      received.add(
                          new Received(
                              request.method().name(),
                              request.uri(),
                              MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                              body.toString()));
                      request.response().setStatusCode(status.get()).end("ok");
                    }));
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.actualPort());
  }

  void answer(int code) {
    status.set(code);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
