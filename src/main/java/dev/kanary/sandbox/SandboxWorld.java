package dev.kanary.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fills the sandbox with the tutorial's world once the operator runs, with the simulated workload
 * controller making its Deployments ready: the {@code prod} namespace, the frontend and backend
 * workloads and their Canaries, a MetricTemplate, and a Slack AlertProvider whose Secret arrives a
 * few seconds later, so the console shows a resource turn ready.
 */
@ApplicationScoped
public class SandboxWorld {

  private static final Logger LOG = Logger.getLogger(SandboxWorld.class);
  private static final String NAMESPACE = "prod";
  private static final List<String> CRDS =
      List.of("canaries.flagger.app", "metrictemplates.flagger.app", "alertproviders.flagger.app");

  private final KubernetesClient client;

  /**
   * Creates the world builder.
   *
   * @param client the client, pointed at the sandbox when it is active
   */
  public SandboxWorld(KubernetesClient client) {
    this.client = client;
  }

  void onStart(@Observes StartupEvent event) {
    if (!SandboxCluster.isActive()) {
      return;
    }
    Thread worker = new Thread(this::populate, "kanary-sandbox-world");
    worker.setDaemon(true);
    worker.start();
  }

  private void populate() {
    new SimulatedWorkloadController(client, Duration.ofSeconds(2), 3, java.time.Clock.systemUTC());
    try {
      for (String crd : CRDS) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd)
            .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
      }
      LOG.infof("Sandbox: applying the tutorial's resources in namespace %s", NAMESPACE);
      for (HasMetadata resource : load("/sandbox/tutorial.yaml")) {
        client
            .resource(resource)
            .inNamespace(namespaceOf(resource))
            .createOr(NonDeletingOperation::update);
        LOG.infof("Sandbox: %s/%s created", resource.getKind(), resource.getMetadata().getName());
      }
      Thread.sleep(Duration.ofSeconds(5).toMillis());
      LOG.info("Sandbox: creating the Secret the Slack AlertProvider needs");
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("slack-url")
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .withStringData(Map.of("address", "http://127.0.0.1:9/sandbox-slack"))
                  .build())
          .createOr(NonDeletingOperation::update);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Sandbox: could not apply the tutorial's resources");
    }
  }

  private List<HasMetadata> load(String resource) {
    try (InputStream in = SandboxWorld.class.getResourceAsStream(resource)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String namespaceOf(HasMetadata resource) {
    return resource.getMetadata().getNamespace() != null
        ? resource.getMetadata().getNamespace()
        : NAMESPACE;
  }
}
