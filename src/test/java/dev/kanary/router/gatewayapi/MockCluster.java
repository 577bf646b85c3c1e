package dev.kanary.router.gatewayapi;

import dev.kanary.router.RouterCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The mock cluster of the Gateway API router tests, with their routing objects. */
final class MockCluster extends RouterCluster {

  /** The UID given to every canary loaded by {@link #canary}. */
  static final String CANARY_UID = "6a3f0c2e-5b1d-4e8a-9c47-0123456789ab";

  MockCluster() {
    super("gatewayapi", CANARY_UID);
  }

  GenericKubernetesResource httpRoute(String namespace, String name) {
    return httpRoute("v1", namespace, name);
  }

  /** Reads an HTTPRoute as a Gateway API version; the mock server keeps versions apart. */
  GenericKubernetesResource httpRoute(String version, String namespace, String name) {
    return client()
        .genericKubernetesResources(GatewayApiRouter.httpRoutes(version))
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Creates or replaces an HTTPRoute, as a user or another controller would. */
  GenericKubernetesResource putHttpRoute(GenericKubernetesResource object) {
    return client()
        .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1"))
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .createOr(existing -> existing.update());
  }
}
