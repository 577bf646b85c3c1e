package dev.kanary.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NGINX router's behaviour against a mock API server. */
class NginxRouterTest {

  private static final String PREFIX = "nginx.ingress.kubernetes.io";
  private static final String CANARY_INGRESS = "podinfo-canary";

  private MockCluster cluster;
  private NginxRouter router;

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
    cluster.createSourceIngress();
    router = new NginxRouter(cluster.client(), PREFIX);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aCustomAnnotationPrefixIsUsedAsGiven() {
    NginxRouter custom = new NginxRouter(cluster.client(), "custom.example.com");
    Canary canary = cluster.canary("weighted.yaml");

    custom.reconcile(canary);
    custom.setRoutes(canary, Routes.canaryAt(20));

    Map<String, String> annotations = annotations();
    assertEquals("true", annotations.get("custom.example.com/canary"));
    assertEquals("20", annotations.get("custom.example.com/canary-weight"));
    assertNull(annotations.get(PREFIX + "/canary-weight"));
    assertEquals("8m", annotations.get(PREFIX + "/proxy-body-size"));
    assertEquals(Routes.canaryAt(20), custom.getRoutes(canary));
  }

  @Test
  void reconcileKeepsTheWeightSetBySetRoutes() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(30));

    router.reconcile(canary);

    assertEquals(Routes.canaryAt(30), router.getRoutes(canary));
  }

  @Test
  void reconcileKeepsTheHeaderOfARunningAbTest() {
    Canary canary = cluster.canary("ab-header-exact.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(100));

    router.reconcile(canary);

    assertEquals("x-canary", annotations().get(PREFIX + "/canary-by-header"));
    assertEquals(Routes.canaryAt(100), router.getRoutes(canary));
  }

  @Test
  void anAnnotationAUserPutOnTheCanaryIngressSurvivesReconcileAndSetRoutes() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    Ingress ingress = cluster.ingress(CANARY_INGRESS);
    ingress.getMetadata().getAnnotations().put("example.com/reviewed-by", "ops");
    cluster.put(ingress);

    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));

    assertEquals("ops", annotations().get("example.com/reviewed-by"));
    assertEquals("10", annotations().get(PREFIX + "/canary-weight"));
  }

  @Test
  void aNewHostOnTheSourceIngressReachesTheCanaryIngressWithoutResettingTheWeight() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(40));
    Ingress source = cluster.ingress("podinfo");
    source.getSpec().getRules().get(0).setHost("www.example.com");
    cluster.put(source);

    router.reconcile(canary);

    Ingress canaryIngress = cluster.ingress(CANARY_INGRESS);
    assertEquals("www.example.com", canaryIngress.getSpec().getRules().get(0).getHost());
    assertEquals(
        "podinfo-canary",
        canaryIngress
            .getSpec()
            .getRules()
            .get(0)
            .getHttp()
            .getPaths()
            .get(0)
            .getBackend()
            .getService()
            .getName());
    assertEquals(Routes.canaryAt(40), router.getRoutes(canary));
  }

  @Test
  void setRoutesWithTheAppliedWeightsOnlyReads() {
    Canary canary = cluster.canary("weighted.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(10));
    int before = cluster.requests();

    router.setRoutes(canary, Routes.canaryAt(10));

    assertEquals(1, cluster.requests() - before);
  }

  @Test
  void theAbTestAnnotationsAreRemovedWhenTheCanaryIsBackAtZero() {
    Canary canary = cluster.canary("ab-header-regex.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(100));

    router.setRoutes(canary, Routes.ALL_PRIMARY);

    Map<String, String> annotations = annotations();
    assertFalse(annotations.containsKey(PREFIX + "/canary-by-header"));
    assertFalse(annotations.containsKey(PREFIX + "/canary-by-header-pattern"));
    assertEquals("0", annotations.get(PREFIX + "/canary-weight"));
    assertEquals(Routes.ALL_PRIMARY, router.getRoutes(canary));
  }

  @Test
  void aMissingSourceIngressIsReportedWithItsName() {
    Canary canary = cluster.canary("weighted.yaml");
    canary.getSpec().ingressRef.name = "missing";

    RoutingException e = assertThrows(RoutingException.class, () -> router.reconcile(canary));

    assertEquals(
        "Ingress missing.test referenced by spec.ingressRef of canary podinfo.test not found",
        e.getMessage());
  }

  @Test
  void aCanaryWithoutIngressRefIsRefused() {
    Canary canary = cluster.canary("weighted.yaml");
    canary.getSpec().ingressRef = null;

    RoutingException e = assertThrows(RoutingException.class, () -> router.reconcile(canary));

    assertTrue(e.getMessage().contains("has no spec.ingressRef"), e.getMessage());
  }

  @Test
  void getRoutesFailsWhenTheCanaryIngressIsMissing() {
    Canary canary = cluster.canary("weighted.yaml");

    RoutingException e = assertThrows(RoutingException.class, () -> router.getRoutes(canary));

    assertEquals("Ingress podinfo-canary.test not found", e.getMessage());
  }

  @Test
  void finalizeSendsEverythingToThePrimaryAndDeletesNothing() {
    Canary canary = cluster.canary("ab-cookie.yaml");
    router.reconcile(canary);
    router.setRoutes(canary, Routes.canaryAt(100));

    router.finalize(canary);

    assertNotNull(cluster.ingress("podinfo"));
    Map<String, String> annotations = annotations();
    assertEquals("0", annotations.get(PREFIX + "/canary-weight"));
    assertFalse(annotations.containsKey(PREFIX + "/canary-by-cookie"));
  }

  @Test
  void finalizeWithoutCanaryIngressDoesNothing() {
    Canary canary = cluster.canary("weighted.yaml");

    router.finalize(canary);

    assertNull(cluster.ingress(CANARY_INGRESS));
  }

  private Map<String, String> annotations() {
    return cluster.ingress(CANARY_INGRESS).getMetadata().getAnnotations();
  }
}
