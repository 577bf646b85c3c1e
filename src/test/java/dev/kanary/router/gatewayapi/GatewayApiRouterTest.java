package dev.kanary.router.gatewayapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gateway API router's behaviour against a mock API server. */
class GatewayApiRouterTest {

  private static final String NAMESPACE = "test";

  /** The HTTPRoute a user had for podinfo before Kanary, sending everything to the apex. */
  private static final String USERS_HTTP_ROUTE =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: podinfo
        namespace: test
        labels:
          team: podinfo
      spec:
        parentRefs:
        - name: gateway
          namespace: istio-ingress
        hostnames:
        - www.example.com
        rules:
        - backendRefs:
          - name: podinfo
            port: 9898
      """;

  private MockCluster cluster;
  private GatewayApiRouter router;

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
    router = new GatewayApiRouter(cluster.client(), "v1");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void reconcileCreatesTheHttpRouteOnceAndThenOnlyReads() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    int before = cluster.requests();

    router.reconcile(canary);

    assertEquals(1, cluster.requests() - before);
    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
  }

  @Test
  void reconcileKeepsTheWeightsSetBySetRoutes() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(40));

    router.reconcile(canary);

    assertEquals(Routes.canaryAt(40), router.getRoutes(canary));
  }

  @Test
  void reconcileKeepsTheMirrorCurrentlyApplied() {
    Canary canary = cluster.canary("mirroring.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, new Routes(100, 0, true));

    router.reconcile(canary);

    assertEquals(new Routes(100, 0, true), router.getRoutes(canary));
  }

  @Test
  void annotationsAndSpecFieldsOfOtherControllersSurviveReconcileAndSetRoutes() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));
    GenericKubernetesResource route = cluster.httpRoute(NAMESPACE, "podinfo");
    route.getMetadata().setAnnotations(Map.of("external-dns.alpha.kubernetes.io/ttl", "60"));
    spec(route).put("useDefaultGateways", "All");
    cluster.putHttpRoute(route);

    canary.getSpec().service.timeout = "5s";
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(20));

    GenericKubernetesResource after = cluster.httpRoute(NAMESPACE, "podinfo");
    assertEquals(
        "60", after.getMetadata().getAnnotations().get("external-dns.alpha.kubernetes.io/ttl"));
    assertEquals("All", spec(after).get("useDefaultGateways"));
    assertEquals(Map.of("request", "5s"), rules(after).get(0).get("timeouts"));
    assertEquals(Routes.canaryAt(20), router.getRoutes(canary));
  }

  @Test
  void aSpecChangeIsAppliedByTheNextReconcileWithoutResettingTheWeight() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(25));

    canary.getSpec().service.hosts = List.of("www.example.com", "podinfo.example.com");
    canary.getSpec().service.backendTimeout = "3s";
    router.reconcile(canary);

    GenericKubernetesResource route = cluster.httpRoute(NAMESPACE, "podinfo");
    assertEquals(List.of("www.example.com", "podinfo.example.com"), spec(route).get("hostnames"));
    assertEquals(Map.of("backendRequest", "3s"), rules(route).get(0).get("timeouts"));
    assertEquals(Routes.canaryAt(25), router.getRoutes(canary));
  }

  @Test
  void setRoutesWithUnchangedWeightsMakesNoWrite() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(30));
    String resourceVersion =
        cluster.httpRoute(NAMESPACE, "podinfo").getMetadata().getResourceVersion();
    int before = cluster.requests();

    router.setRoutes(canary, Routes.canaryAt(30));

    assertEquals(1, cluster.requests() - before, "only the read");
    assertEquals(
        resourceVersion,
        cluster.httpRoute(NAMESPACE, "podinfo").getMetadata().getResourceVersion());
  }

  @Test
  void finalizeRestoresTheHttpRouteTheUserHadBefore() {
    GenericKubernetesResource users = cluster.putHttpRoute(cluster.object(USERS_HTTP_ROUTE));
    Object usersSpec = users.getAdditionalProperties().get("spec");
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));
    GenericKubernetesResource taken = cluster.httpRoute(NAMESPACE, "podinfo");
    assertNotNull(
        taken
            .getMetadata()
            .getAnnotations()
            .get(GatewayApiRouter.ORIGINAL_CONFIGURATION_ANNOTATION));
    assertEquals(Routes.canaryAt(10), router.getRoutes(canary));

    router.finalize(canary);

    GenericKubernetesResource restored = cluster.httpRoute(NAMESPACE, "podinfo");
    assertEquals(usersSpec, restored.getAdditionalProperties().get("spec"));
    Map<String, String> annotations = restored.getMetadata().getAnnotations();
    assertTrue(annotations == null || annotations.isEmpty(), () -> "annotations " + annotations);
    assertTrue(restored.getMetadata().getOwnerReferences().isEmpty());
    assertEquals(Map.of("team", "podinfo"), restored.getMetadata().getLabels());
  }

  @Test
  void finalizeRemovesKanarysOwnerReferenceFromAnHttpRouteItCreated() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    assertFalse(
        cluster.httpRoute(NAMESPACE, "podinfo").getMetadata().getOwnerReferences().isEmpty());

    router.finalize(canary);

    GenericKubernetesResource released = cluster.httpRoute(NAMESPACE, "podinfo");
    assertTrue(released.getMetadata().getOwnerReferences().isEmpty());
    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
  }

  @Test
  void getRoutesFailsWhenTheHttpRouteHasNoPrimaryAndCanaryBackends() {
    cluster.putHttpRoute(cluster.object(USERS_HTTP_ROUTE));
    Canary canary = cluster.canary("weighted.yaml");

    RoutingException error = assertThrows(RoutingException.class, () -> router.getRoutes(canary));

    assertEquals(
        "HTTPRoute podinfo.test does not contain backendRefs for podinfo-primary and"
            + " podinfo-canary",
        error.getMessage());
  }

  @Test
  void getRoutesAndSetRoutesFailWhenTheHttpRouteIsMissing() {
    Canary canary = cluster.canary("weighted.yaml");

    assertEquals(
        "HTTPRoute podinfo.test not found",
        assertThrows(RoutingException.class, () -> router.getRoutes(canary)).getMessage());
    assertThrows(RoutingException.class, () -> router.setRoutes(canary, Routes.canaryAt(5)));
  }

  @Test
  void reconcileRequiresGatewayRefs() {
    Canary canary = cluster.canary("weighted.yaml");
    canary.getSpec().service.gatewayRefs = null;

    assertThrows(RoutingException.class, () -> router.reconcile(canary));
  }

  @Test
  void setRoutesHandsOutSessionCookiesAndExpiresThemAfterTheRun() {
    Canary canary = cluster.canary("session-affinity.yaml");
    router.reconcile(canary);

    router.setRoutes(canary, Routes.canaryAt(50));

    String cookie = canary.getStatus().sessionAffinityCookie;
    assertTrue(cookie.matches("flagger-cookie=[a-zA-Z]{10}"), cookie);
    assertEquals(3, rules(cluster.httpRoute(NAMESPACE, "podinfo")).size());
    assertEquals(Routes.canaryAt(50), router.getRoutes(canary), "sticky rules are not the split");

    router.setRoutes(canary, Routes.ALL_PRIMARY);

    assertEquals("", canary.getStatus().sessionAffinityCookie);
    assertEquals(cookie, canary.getStatus().previousSessionAffinityCookie);
    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
  }

  @Test
  void rejectsAnUnknownVersion() {
    assertThrows(
        IllegalArgumentException.class, () -> new GatewayApiRouter(cluster.client(), "v1alpha2"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource object) {
    return (Map<String, Object>) object.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(GenericKubernetesResource object) {
    return (List<Map<String, Object>>) spec(object).get("rules");
  }
}
