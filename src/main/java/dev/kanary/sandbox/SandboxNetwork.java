package dev.kanary.sandbox;

import dev.kanary.sandbox.mesh.MeshResponse;
import dev.kanary.sandbox.mesh.SimulatedMesh;
import dev.kanary.sandbox.mesh.VirtualRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's cluster network: an HTTP proxy on a loopback port that gives cluster host names a
 * meaning inside the process. Requests to a host registered with {@link #serve} reach that
 * in-process service (the load tester, the Slack receiver, the Prometheus API); requests addressed
 * to the proxy itself (not through it) reach a service of its own; every other request enters the
 * simulated mesh, which answers as the workload it routes to, after that workload's simulated
 * latency.
 *
 * <p>Kanary's outbound HTTP clients follow the JVM's standard proxy settings ({@code
 * http.proxyHost}, {@code http.proxyPort}); {@link #useAsJvmProxy} sets them to this proxy, so that
 * webhooks such as {@code http://flagger-loadtester.prod/} reach the sandbox exactly as they would
 * reach a cluster's Service.
 */
public final class SandboxNetwork implements AutoCloseable {

  private static final String CLUSTER_SUFFIX = ".svc.cluster.local";
  private static final String CLIENT_HEADER = "x-sandbox-client";
  private static final long MAX_DELAY_MILLIS = 30_000;

  private final Vertx vertx;
  private final SimulatedMesh mesh;
  private final Map<String, ClusterService> services = new ConcurrentHashMap<>();
  private final ClusterService direct;
  private final HttpServer server;

  /**
   * Starts the proxy on a free loopback port.
   *
   * @param vertx the Vert.x instance that serves it
   * @param mesh the mesh that answers requests to workloads
   * @param direct what answers requests addressed to the proxy itself rather than through it, such
   *     as a Prometheus server scraping the mesh's telemetry
   */
  public SandboxNetwork(Vertx vertx, SimulatedMesh mesh, ClusterService direct) {
    this.vertx = vertx;
    this.mesh = mesh;
    this.direct = direct;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(this::handle)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
  }

  /**
   * Serves a cluster host name with an in-process service.
   *
   * @param host the host, for example {@code flagger-loadtester.prod}; its {@code
   *     .svc.cluster.local} forms are served too, on any port
   * @param service the service
   * @return this network
   */
  public SandboxNetwork serve(String host, ClusterService service) {
    services.put(normalize(host), service);
    return this;
  }

  /**
   * The proxy's port on the loopback address.
   *
   * @return the port
   */
  public int port() {
    return server.actualPort();
  }

  /**
   * Makes this proxy the JVM's HTTP proxy for every host but the loopback ones, which is what
   * Kanary's outbound clients (webhooks, alerts, metric queries, the load tester) follow.
   */
  public void useAsJvmProxy() {
    System.setProperty("http.proxyHost", "127.0.0.1");
    System.setProperty("http.proxyPort", Integer.toString(port()));
    System.setProperty("http.nonProxyHosts", "localhost|127.*|[::1]");
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(body -> answer(request, body))
        .onFailure(e -> request.response().setStatusCode(400).end());
  }

  private void answer(HttpServerRequest request, Buffer body) {
    String authority = authority(request);
    String path = pathOf(request.uri());
    ClusterService service =
        request.uri().startsWith("/") && isLoopback(authority)
            ? direct
            : services.get(normalize(authority));
    if (service != null) {
      vertx
          .executeBlocking(
              () -> service.handle(request.method().name(), path, body.getBytes()), false)
          .onComplete(
              result -> {
                ClusterService.Reply reply =
                    result.succeeded()
                        ? result.result()
                        : new ClusterService.Reply(
                            500,
                            "text/plain",
                            String.valueOf(result.cause().getMessage())
                                .getBytes(StandardCharsets.UTF_8));
                request
                    .response()
                    .setStatusCode(reply.status())
                    .putHeader("Content-Type", reply.contentType())
                    .end(Buffer.buffer(reply.body()));
              });
      return;
    }
    MeshResponse answer =
        mesh.send(
            new VirtualRequest(
                clientOf(request.headers()),
                "default",
                authority,
                request.method().name(),
                path,
                headers(request.headers())));
    long delay = Math.min(MAX_DELAY_MILLIS, Math.max(1, Math.round(answer.latencyMillis())));
    vertx.setTimer(
        delay,
        id ->
            request
                .response()
                .setStatusCode(answer.code())
                .putHeader("Content-Type", "text/plain")
                .end(
                    answer.workload() == null
                        ? "no healthy upstream\n"
                        : answer.workload() + "\n"));
  }

  private static String authority(HttpServerRequest request) {
    String host = request.getHeader("Host");
    if (host != null) {
      return host;
    }
    URI uri = URI.create(request.uri());
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String pathOf(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    URI parsed = URI.create(uri);
    String path =
        parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
    return parsed.getRawQuery() == null ? path : path + "?" + parsed.getRawQuery();
  }

  private static boolean isLoopback(String authority) {
    String host = normalize(authority);
    return host.equals("127.0.0.1") || host.equals("localhost");
  }

  /**
   * Names the client of a request for the mesh's counters: the {@code x-sandbox-client} header, or
   * the product of its user agent ({@code hey} for {@code hey/0.0.1}), or {@code external}.
   */
  private static String clientOf(MultiMap headers) {
    String client = headers.get(CLIENT_HEADER);
    if (client != null) {
      return client;
    }
    String agent = headers.get("User-Agent");
    if (agent == null || agent.isBlank()) {
      return "external";
    }
    String product = agent.trim().split("[/ ]", 2)[0];
    return product.isEmpty() ? "external" : product;
  }

  private static Map<String, String> headers(MultiMap headers) {
    Map<String, String> copy = new HashMap<>();
    headers.forEach(entry -> copy.merge(entry.getKey(), entry.getValue(), (a, b) -> a + ", " + b));
    return copy;
  }

  private static String normalize(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    return name.endsWith(CLUSTER_SUFFIX)
        ? name.substring(0, name.length() - CLUSTER_SUFFIX.length())
        : name.endsWith(".svc") ? name.substring(0, name.length() - ".svc".length()) : name;
  }

  @Override
  public void close() {
    server.close();
  }
}
