package dev.kanary.router.gatewayapi;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A fabric8 mock API server in CRUD mode with a client of it, for one test. */
final class MockCluster implements AutoCloseable {

  /** The UID given to every canary loaded by {@link #canary}. */
  static final String CANARY_UID = "6a3f0c2e-5b1d-4e8a-9c47-0123456789ab";

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

  /** Loads a canary from {@code src/test/resources/router/gatewayapi/canaries/}. */
  Canary canary(String file) {
    try (InputStream in = getClass().getResourceAsStream("/router/gatewayapi/canaries/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no canary file " + file);
      }
      Canary canary = client.getKubernetesSerialization().unmarshal(in, Canary.class);
      canary.getMetadata().setUid(CANARY_UID);
      return canary;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GenericKubernetesResource httpRoute(String namespace, String name) {
    return httpRoute("v1", namespace, name);
  }

  /** Reads an HTTPRoute as a Gateway API version; the mock server keeps versions apart. */
  GenericKubernetesResource httpRoute(String version, String namespace, String name) {
    return client
        .genericKubernetesResources(GatewayApiRouter.httpRoutes(version))
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Creates or replaces an HTTPRoute, as a user or another controller would. */
  GenericKubernetesResource putHttpRoute(GenericKubernetesResource object) {
    return client
        .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1"))
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .createOr(existing -> existing.update());
  }

  /** Parses a YAML object, for example an HTTPRoute a user had before Kanary. */
  GenericKubernetesResource object(String yaml) {
    return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
