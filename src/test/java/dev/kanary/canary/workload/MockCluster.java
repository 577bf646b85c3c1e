package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/** A fabric8 mock API server in CRUD mode with builders for the objects the tests need. */
final class MockCluster implements AutoCloseable {

  /** Flagger's default selector labels. */
  static final List<String> SELECTOR_LABELS = List.of("app", "name", "app.kubernetes.io/name");

  final KubernetesMockServer server;
  final KubernetesClient client;

  MockCluster() {
    server = SandboxCluster.newServer();
    client = server.createClient();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /**
   * Loads a Canary from the valid test manifests and gives it a UID, as the API server would.
   *
   * @param file the manifest's file name
   * @return the canary
   */
  Canary canary(String file) {
    try (InputStream in = getClass().getResourceAsStream("/manifests/valid/" + file)) {
      Canary canary = client.getKubernetesSerialization().unmarshal(in, Canary.class);
      canary.getMetadata().setUid(UUID.randomUUID().toString());
      return canary;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Deployment like the tutorial's backend: selector {@code app=<name>}, one container. */
  static DeploymentBuilder deployment(String name, String namespace) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  /** A DaemonSet with selector {@code name=<name>}, one container, rolling updates. */
  static DaemonSetBuilder daemonSet(String name, String namespace) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("name", name)
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("name", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("prom/node-exporter:v1.7.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  Deployment deployment(Canary canary, String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(canary.getMetadata().getNamespace())
        .withName(name)
        .get();
  }

  DaemonSet daemonSet(Canary canary, String name) {
    return client
        .apps()
        .daemonSets()
        .inNamespace(canary.getMetadata().getNamespace())
        .withName(name)
        .get();
  }

  /** The HTTP method of the last request the server answered. */
  String lastMethod() {
    try {
      return server.getLastRequest().getMethod();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sets a Deployment's replicas, as {@code kubectl scale} or an HPA would. */
  void scale(String namespace, String name, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            deployment -> {
              deployment.getSpec().setReplicas(replicas);
              return deployment;
            });
  }

  /** The number of requests the server has answered so far. */
  int requests() {
    return server.getRequestCount();
  }
}
