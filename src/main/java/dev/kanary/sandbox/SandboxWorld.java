package dev.kanary.sandbox;

import dev.kanary.config.KanaryConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the sandbox's simulations when Kanary runs against the sandbox: once the CRDs are served
 * it applies the tutorial's world, routes Kanary's outbound HTTP through the sandbox's cluster
 * network, shows the canaries and their Events on the console, and, in dev mode, plays the
 * tutorial.
 */
@ApplicationScoped
public class SandboxWorld {

  private static final Logger LOG = Logger.getLogger(SandboxWorld.class);
  private static final List<String> CRDS =
      List.of("canaries.flagger.app", "metrictemplates.flagger.app", "alertproviders.flagger.app");

  private final KubernetesClient client;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private final KanaryConfig.Sandbox settings;
  private volatile Sandbox sandbox;
  private volatile SandboxConsole console;

  /**
   * Creates the world builder.
   *
   * @param client the client, pointed at the sandbox when it is active
   * @param vertx the application's Vert.x instance
   * @param registry the application's meter registry
   * @param config Kanary's configuration
   */
  public SandboxWorld(
      KubernetesClient client, Vertx vertx, MeterRegistry registry, KanaryConfig config) {
    this.client = client;
    this.vertx = vertx;
    this.registry = registry;
    this.settings = config.sandbox();
  }

  void onStart(@Observes StartupEvent event) {
    if (!SandboxCluster.isActive()) {
      return;
    }
    console = new SandboxConsole(client);
    sandbox =
        new Sandbox(
            client,
            vertx,
            registry,
            new Sandbox.Options(settings.workloadDelay(), 3, settings.requestsPerSecond()),
            console::say);
    sandbox.network().useAsJvmProxy();
    Thread worker = new Thread(this::populate, "kanary-sandbox-world");
    worker.setDaemon(true);
    worker.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (console != null) {
      console.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /**
   * The running sandbox.
   *
   * @return it, or empty when Kanary runs against a real cluster
   */
  public Optional<Sandbox> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  private void populate() {
    try {
      for (String crd : CRDS) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd)
            .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
      }
      LOG.infof(
          "Sandbox: applying the tutorial's world in namespace %s (API server %s)",
          Sandbox.NAMESPACE, client.getMasterUrl());
      sandbox.applyTutorialWorld(settings.interval());
      if (settings.playTutorial()) {
        new TutorialPlayer(client, sandbox, console).run();
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Sandbox: could not apply the tutorial's world");
    }
  }
}
