package dev.kanary.loadtester;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Serves the {@link LoadTester} API on the application's HTTP port when the load tester mode is on
 * ({@link LoadTesterConfig#enabled()}); {@code /metrics} answers with {@code /q/metrics}.
 */
@ApplicationScoped
public class LoadTesterRoutes {

  private static final Logger LOG = Logger.getLogger(LoadTesterRoutes.class);

  private final LoadTesterConfig config;
  private final MeterRegistry registry;
  private volatile LoadTester tester;

  /**
   * Creates the routes.
   *
   * @param config the load tester configuration
   * @param registry receives the {@code kanary_loadtester_*} metrics
   */
  public LoadTesterRoutes(LoadTesterConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  /**
   * Registers the API's routes when the mode is on.
   *
   * @param router the application's router
   */
  void register(@Observes Router router) {
    if (!config.enabled()) {
      return;
    }
    tester =
        LoadTester.builder()
            .timeout(config.timeout())
            .namespaceRegexp(config.namespaceRegexp())
            .meterRegistry(registry)
            .build();
    router.route("/metrics").order(-100).handler(context -> context.reroute("/q/metrics"));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(1 << 20);
    for (String path : LoadTester.PATHS) {
      router.route(path).order(-100).handler(body).handler(this::serve);
    }
    LOG.infof(
        "Load tester mode: serving Flagger's loadtester API, task timeout %s, namespaces %s",
        config.timeout(), config.namespaceRegexp().orElse("all"));
  }

  /**
   * The load tester serving the API.
   *
   * @return the load tester, empty when the mode is off
   */
  public Optional<LoadTester> loadTester() {
    return Optional.ofNullable(tester);
  }

  private void serve(RoutingContext context) {
    String method = context.request().method().name();
    String path = context.request().uri();
    Buffer buffer = context.body().buffer();
    byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
    context
        .vertx()
        .executeBlocking(() -> tester.handle(method, path, body), false)
        .onComplete(
            result -> {
              if (result.failed()) {
                context.fail(result.cause());
                return;
              }
              Response response = result.result();
              context
                  .response()
                  .setStatusCode(response.status())
                  .putHeader("Content-Type", response.contentType())
                  .end(Buffer.buffer(response.body()));
            });
  }

  @PreDestroy
  void close() {
    if (tester != null) {
      tester.close();
    }
  }
}
