package dev.kanary.router.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.istio.ConnectionPool;
import dev.kanary.api.v1beta1.spec.istio.TrafficPolicy;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Istio router's behaviour against a mock API server. */
class IstioRouterTest {

  private static final String NAMESPACE = "prod";

  /** The VirtualService a user had for the backend before Kanary, applied without kubectl. */
  private static final String USERS_VIRTUAL_SERVICE =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: backend
        namespace: prod
        labels:
          team: backend
      spec:
        hosts:
        - backend
        exportTo:
        - "."
        http:
        - fault:
            delay:
              fixedDelay: 1s
              percentage:
                value: 5
          route:
          - destination:
              host: backend
      """;

  private MockCluster cluster;
  private IstioRouter router;

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
    router = new IstioRouter(cluster.client());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void reconcileCreatesTheObjectsOnceAndThenOnlyReads() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    int before = cluster.requests();

    router.reconcile(canary);

    assertEquals(3, cluster.requests() - before, "two DestinationRules and one VirtualService");
    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
    assertEquals(
        "backend-canary", spec(cluster.destinationRule(NAMESPACE, "backend-canary")).get("host"));
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
  void reconcileKeepsWeightsAUserEditedAndWritesNothing() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    GenericKubernetesResource vs = cluster.virtualService(NAMESPACE, "backend");
    destinations(vs, 0).get(0).put("weight", 70);
    destinations(vs, 0).get(1).put("weight", 30);
    cluster.putVirtualService(vs);
    int before = cluster.requests();

    router.reconcile(canary);

    assertEquals(3, cluster.requests() - before);
    assertEquals(new Routes(70, 30, false), router.getRoutes(canary));
  }

  @Test
  void editsToFieldsKanaryDoesNotOwnSurviveReconcileAndSetRoutes() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));
    GenericKubernetesResource vs = cluster.virtualService(NAMESPACE, "backend");
    vs.getMetadata().getAnnotations().put("example.com/reviewed-by", "ops");
    http(vs).get(0).put("fault", Map.of("abort", Map.of("httpStatus", 503)));
    spec(vs).put("exportTo", List.of("."));
    cluster.putVirtualService(vs);

    router.reconcile(canary);
    canary.getSpec().service.timeout = "5s";
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(20));

    GenericKubernetesResource after = cluster.virtualService(NAMESPACE, "backend");
    assertEquals("ops", after.getMetadata().getAnnotations().get("example.com/reviewed-by"));
    assertEquals(Map.of("abort", Map.of("httpStatus", 503)), http(after).get(0).get("fault"));
    assertEquals(List.of("."), spec(after).get("exportTo"));
    assertEquals("5s", http(after).get(0).get("timeout"));
    assertEquals(Routes.canaryAt(20), router.getRoutes(canary));
  }

  @Test
  void aTimeoutChangeIsAppliedByTheNextReconcileWithoutResettingTheWeight() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(25));

    canary.getSpec().service.timeout = "15s";
    router.reconcile(canary);

    GenericKubernetesResource vs = cluster.virtualService(NAMESPACE, "backend");
    assertEquals("15s", http(vs).get(0).get("timeout"));
    assertEquals(Routes.canaryAt(25), router.getRoutes(canary));
    assertEquals(
        Map.of(),
        orEmpty(vs.getMetadata().getAnnotations()),
        "a VirtualService Kanary created needs no original configuration");
  }

  @Test
  void setRoutesWithUnchangedWeightsMakesNoWrite() {
    Canary canary = cluster.canary("session-affinity.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));
    String version = cluster.virtualService("test", "podinfo").getMetadata().getResourceVersion();
    int before = cluster.requests();

    router.setRoutes(canary, Routes.canaryAt(10));

    assertEquals(1, cluster.requests() - before, "only the VirtualService is read");
    assertEquals(
        version, cluster.virtualService("test", "podinfo").getMetadata().getResourceVersion());
  }

  @Test
  void finalizeRestoresTheVirtualServiceTheUserHadBefore() {
    GenericKubernetesResource original =
        cluster.putVirtualService(cluster.object(USERS_VIRTUAL_SERVICE));
    Canary canary = cluster.canary("weighted.yaml");

    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(50));

    GenericKubernetesResource takenOver = cluster.virtualService(NAMESPACE, "backend");
    assertNotNull(
        takenOver
            .getMetadata()
            .getAnnotations()
            .get(IstioRouter.ORIGINAL_CONFIGURATION_ANNOTATION));
    assertEquals(
        List.of(),
        orEmpty(takenOver.getMetadata().getOwnerReferences()),
        "the user's object is not adopted");
    assertEquals("backend", takenOver.getMetadata().getLabels().get("team"));
    assertNull(http(takenOver).get(0).get("fault"), "the user's route is not mixed into Kanary's");
    assertEquals(List.of("."), spec(takenOver).get("exportTo"));

    router.finalize(canary);

    GenericKubernetesResource restored = cluster.virtualService(NAMESPACE, "backend");
    assertEquals(spec(original), spec(restored));
    assertEquals(Map.of(), orEmpty(restored.getMetadata().getAnnotations()));
  }

  @Test
  void finalizeRestoresTheLastAppliedConfigurationOfAnOlderApiVersion() {
    String lastApplied =
        """
        {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService",\
        "metadata":{"name":"backend","namespace":"prod"},\
        "spec":{"hosts":["backend"],"http":[{"route":[{"destination":{"host":"backend"}}]}]}}""";
    GenericKubernetesResource users = cluster.object(USERS_VIRTUAL_SERVICE);
    users.getMetadata().setAnnotations(Map.of(IstioRouter.LAST_APPLIED_ANNOTATION, lastApplied));
    cluster.putVirtualService(users);
    Canary canary = cluster.canary("weighted.yaml");

    router.reconcile(canary);
    assertFalse(
        cluster
            .virtualService(NAMESPACE, "backend")
            .getMetadata()
            .getAnnotations()
            .containsKey(IstioRouter.ORIGINAL_CONFIGURATION_ANNOTATION));
    router.finalize(canary);

    assertEquals(
        Map.of(
            "hosts", List.of("backend"),
            "http",
                List.of(
                    Map.of("route", List.of(Map.of("destination", Map.of("host", "backend")))))),
        spec(cluster.virtualService(NAMESPACE, "backend")));
  }

  @Test
  void finalizeSendsAllTrafficToThePrimaryWhenKanaryCreatedTheVirtualService() {
    Canary canary = cluster.canary("mirroring.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, new Routes(30, 70, true));

    router.finalize(canary);

    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
  }

  @Test
  void getRoutesFailsWhenTheVirtualServiceHasNoRoutesToPrimaryAndCanary() {
    cluster.putVirtualService(cluster.object(USERS_VIRTUAL_SERVICE));
    Canary canary = cluster.canary("weighted.yaml");

    RoutingException error = assertThrows(RoutingException.class, () -> router.getRoutes(canary));

    assertEquals(
        "VirtualService backend.prod does not contain routes for backend-primary and backend-canary",
        error.getMessage());
  }

  @Test
  void getRoutesAndSetRoutesFailWhenTheVirtualServiceIsMissing() {
    Canary canary = cluster.canary("weighted.yaml");

    assertEquals(
        "VirtualService backend.prod not found",
        assertThrows(RoutingException.class, () -> router.getRoutes(canary)).getMessage());
    assertEquals(
        "VirtualService backend.prod not found",
        assertThrows(RoutingException.class, () -> router.setRoutes(canary, Routes.canaryAt(5)))
            .getMessage());
  }

  @Test
  void reconcileRejectsHostsOnADelegate() {
    Canary canary = cluster.canary("delegation.yaml");
    canary.getSpec().service.hosts = List.of("app.example.com");

    RoutingException error = assertThrows(RoutingException.class, () -> router.reconcile(canary));

    assertEquals(
        "VirtualService podinfo.test cannot have hosts and gateways when delegation is enabled",
        error.getMessage());
  }

  @Test
  void setRoutesHandsOutSessionCookiesAndExpiresThemAfterTheRun() {
    Canary canary = cluster.canary("session-affinity.yaml");
    router.reconcile(canary);

    router.setRoutes(canary, Routes.canaryAt(10));
    String cookie = canary.getStatus().sessionAffinityCookie;
    String primaryCookie = canary.getStatus().primarySessionAffinityCookie;
    router.setRoutes(canary, Routes.canaryAt(50));

    assertTrue(cookie.matches("flagger-cookie=[a-zA-Z]{10}"), cookie);
    assertTrue(primaryCookie.matches("flagger-primary-cookie=[a-zA-Z]{10}"), primaryCookie);
    assertEquals(cookie, canary.getStatus().sessionAffinityCookie, "kept for the whole run");
    assertEquals(Routes.canaryAt(50), router.getRoutes(canary), "sticky routes are not the split");

    router.setRoutes(canary, Routes.ALL_PRIMARY);

    assertEquals(cookie, canary.getStatus().previousSessionAffinityCookie);
    assertEquals("", canary.getStatus().sessionAffinityCookie);
    assertEquals("", canary.getStatus().primarySessionAffinityCookie);
    Map<String, Object> expiry = http(cluster.virtualService("test", "podinfo")).get(0);
    assertEquals(IstioSpecs.STICKY_ROUTE, expiry.get("name"));
    assertEquals(
        Map.of("add", Map.of("Set-Cookie", cookie + "; Max-Age=-1")),
        ((Map<?, ?>) expiry.get("headers")).get("response"));
  }

  @Test
  void reconcileKeepsTheMirrorCurrentlyApplied() {
    Canary canary = cluster.canary("mirroring.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, new Routes(100, 0, true));

    canary.getSpec().analysis.mirrorWeight = 20;
    canary.getSpec().service.timeout = "10s";
    router.reconcile(canary);

    Map<String, Object> route = http(cluster.virtualService("test", "podinfo")).get(0);
    assertEquals(Map.of("host", "podinfo-canary"), route.get("mirror"));
    assertEquals(
        50.0, ((Number) ((Map<?, ?>) route.get("mirrorPercentage")).get("value")).doubleValue());
    assertEquals("10s", route.get("timeout"));
    assertEquals(new Routes(100, 0, true), router.getRoutes(canary));
  }

  @Test
  void reconcileUpdatesTheTrafficPolicyAndKeepsSubsetsAUserAdded() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    GenericKubernetesResource rule = cluster.destinationRule(NAMESPACE, "backend-canary");
    spec(rule).put("subsets", List.of(Map.of("name", "v2", "labels", Map.of("version", "v2"))));
    cluster
        .client()
        .genericKubernetesResources(IstioRouter.DESTINATION_RULES)
        .inNamespace(NAMESPACE)
        .resource(rule)
        .update();

    canary.getSpec().service.trafficPolicy = new TrafficPolicy();
    canary.getSpec().service.trafficPolicy.connectionPool = new ConnectionPool();
    canary.getSpec().service.trafficPolicy.connectionPool.http = new ConnectionPool.Http();
    canary.getSpec().service.trafficPolicy.connectionPool.http.maxRetries = 3;
    router.reconcile(canary);

    for (String name : List.of("backend-primary", "backend-canary")) {
      assertEquals(
          Map.of("connectionPool", Map.of("http", Map.of("maxRetries", 3))),
          spec(cluster.destinationRule(NAMESPACE, name)).get("trafficPolicy"),
          name);
    }
    assertEquals(
        List.of(Map.of("name", "v2", "labels", Map.of("version", "v2"))),
        spec(cluster.destinationRule(NAMESPACE, "backend-canary")).get("subsets"));
  }

  @Test
  void reconcileAddsApexMetadataAndKeepsOtherLabels() {
    Canary canary = cluster.canary("http-options.yaml");
    router.reconcile(canary);
    GenericKubernetesResource vs = cluster.virtualService("test", "podinfo");
    vs.getMetadata().getLabels().put("app.kubernetes.io/part-of", "shop");
    cluster.putVirtualService(vs);

    canary.getSpec().service.apex.labels = Map.of("team", "checkout");
    router.reconcile(canary);

    assertEquals(
        Map.of("team", "checkout", "app.kubernetes.io/part-of", "shop"),
        cluster.virtualService("test", "podinfo").getMetadata().getLabels());
  }

  @Test
  void readsVirtualServicesWithFieldsKanaryDoesNotModel() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(30));
    GenericKubernetesResource vs = cluster.virtualService(NAMESPACE, "backend");
    http(vs)
        .get(0)
        .put("match", List.of(Map.of("statPrefix", "api", "uri", Map.of("prefix", "/"))));
    destinations(vs, 0).get(1).put("headers", Map.of("request", Map.of("set", Map.of("x", "y"))));
    cluster.putVirtualService(vs);

    assertEquals(Routes.canaryAt(30), router.getRoutes(canary));
    router.reconcile(canary);

    GenericKubernetesResource after = cluster.virtualService(NAMESPACE, "backend");
    assertNull(http(after).get(0).get("match"), "match is Kanary's: the spec has none");
    assertEquals(Routes.canaryAt(30), router.getRoutes(canary));
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource object) {
    return (Map<String, Object>) object.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> http(GenericKubernetesResource virtualService) {
    return (List<Map<String, Object>>) spec(virtualService).get("http");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> destinations(
      GenericKubernetesResource virtualService, int route) {
    return (List<Map<String, Object>>) http(virtualService).get(route).get("route");
  }
}
