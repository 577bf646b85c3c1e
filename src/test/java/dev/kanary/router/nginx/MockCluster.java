package dev.kanary.router.nginx;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A fabric8 mock API server in CRUD mode holding the source Ingress, for one test. */
final class MockCluster implements AutoCloseable {

  /** The UID given to every canary loaded by {@link #canary}. */
  static final String CANARY_UID = "0b7e4f1a-2c3d-4e5f-8a9b-0123456789cd";

  /** The namespace of the canaries and Ingresses. */
  static final String NAMESPACE = "test";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockCluster() {
    server = SandboxCluster.newServer();
    client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  /** Requests the server has received so far. */
  int requests() {
    return server.getRequestCount();
  }

  /** Loads a canary from {@code src/test/resources/router/nginx/canaries/}. */
  Canary canary(String file) {
    Canary canary = load("canaries/" + file, Canary.class);
    canary.getMetadata().setUid(CANARY_UID);
    return canary;
  }

  /** Creates the source Ingress of {@code src/test/resources/router/nginx/ingress.yaml}. */
  Ingress createSourceIngress() {
    return put(load("ingress.yaml", Ingress.class));
  }

  Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace(NAMESPACE).withName(name).get();
  }

  /** Creates or replaces an Ingress, as a user or another tool would. */
  Ingress put(Ingress ingress) {
    return client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .resource(ingress)
        .createOr(existing -> existing.update());
  }

  private <T> T load(String file, Class<T> type) {
    try (InputStream in = getClass().getResourceAsStream("/router/nginx/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no file " + file);
      }
      return client.getKubernetesSerialization().unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
