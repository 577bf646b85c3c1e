package dev.kanary.router.istio;

import dev.kanary.router.RouterCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The mock cluster of the Istio router tests, with their routing objects. */
final class MockCluster extends RouterCluster {

  /** The UID given to every canary loaded by {@link #canary}. */
  static final String CANARY_UID = "6a3f0c2e-5b1d-4e8a-9c47-0123456789ab";

  MockCluster() {
    super("istio", CANARY_UID);
  }

  GenericKubernetesResource virtualService(String namespace, String name) {
    return client()
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICES)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  GenericKubernetesResource destinationRule(String namespace, String name) {
    return client()
        .genericKubernetesResources(IstioRouter.DESTINATION_RULES)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Creates or replaces a VirtualService, as a user or another tool would. */
  GenericKubernetesResource putVirtualService(GenericKubernetesResource object) {
    return client()
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICES)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .createOr(existing -> existing.update());
  }
}
