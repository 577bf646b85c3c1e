package dev.kanary.router.nginx;

import dev.kanary.router.RouterCluster;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/** The mock cluster of the NGINX router tests, holding the source Ingress. */
final class MockCluster extends RouterCluster {

  /** The UID given to every canary loaded by {@link #canary}. */
  static final String CANARY_UID = "0b7e4f1a-2c3d-4e5f-8a9b-0123456789cd";

  /** The namespace of the canaries and Ingresses. */
  static final String NAMESPACE = "test";

  MockCluster() {
    super("nginx", CANARY_UID);
  }

  /** Creates the source Ingress of {@code src/test/resources/router/nginx/ingress.yaml}. */
  Ingress createSourceIngress() {
    return put(load("ingress.yaml", Ingress.class));
  }

  Ingress ingress(String name) {
    return client().network().v1().ingresses().inNamespace(NAMESPACE).withName(name).get();
  }

  /** Creates or replaces an Ingress, as a user or another tool would. */
  Ingress put(Ingress ingress) {
    return client()
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .resource(ingress)
        .createOr(existing -> existing.update());
  }
}
