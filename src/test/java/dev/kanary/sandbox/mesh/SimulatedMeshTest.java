package dev.kanary.sandbox.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.router.gatewayapi.GatewayApiRouter;
import dev.kanary.router.istio.IstioRouter;
import dev.kanary.sandbox.SandboxCluster;
import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated mesh on the sandbox's API server: it routes as Istio, Gateway API implementations
 * and the NGINX ingress controller would, and its workloads answer as their releases behave.
 */
class SimulatedMeshTest {

  private static final String NS = "prod";
  private static final String SAFARI =
      "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1";
  private static final String CHROME =
      "Mozilla/5.0 (X11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private SimulatedMesh mesh;
  private final List<String> recorded = new ArrayList<>();

  @BeforeEach
  void start() {
    server = SandboxCluster.newServer();
    client = server.createClient();
    workload("backend", "podinfo:1.4.1", 1);
    workload("backend-primary", "podinfo:1.4.0", 2);
    service("backend", "backend-primary");
    service("backend-primary", "backend-primary");
    service("backend-canary", "backend");
    ReleaseProfiles profiles = new ReleaseProfiles().set("1.4.1", ReleaseProfile.FAULTY);
    mesh =
        new SimulatedMesh(
            client,
            (ns, workload, code, latency) -> {
              synchronized (recorded) {
                recorded.add(ns + "/" + workload + "/" + code);
              }
            },
            profiles);
  }

  @AfterEach
  void stop() {
    mesh.close();
    client.close();
    server.destroy();
  }

  @Test
  void aServiceWithoutVirtualServiceReachesItsSelectedWorkload() {
    MeshResponse response = send("chrome", "backend-canary.prod:9898", "/", Map.of());
    assertEquals("backend", response.workload());
    assertEquals(Map.of("chrome", 1L), mesh.requestsByClient(NS, "backend"));
  }

  @Test
  void virtualServiceWeightsSplitTheTraffic() {
    apply(
        IstioRouter.VIRTUAL_SERVICES,
        virtualService(
            "route: [{destination: {host: backend-primary}, weight: 80}, {destination: {host: backend-canary}, weight: 20}]",
            ""));
    awaitRouted("backend.prod", "backend");
    int canary = 0;
    for (int i = 0; i < 2000; i++) {
      if ("backend".equals(send("load", "backend", "/", Map.of()).workload())) {
        canary++;
      }
    }
    assertEquals(400, canary, 80, "about 20% of 2000 requests reach the canary");
  }

  @Test
  void abMatchesSendOnlySafariAndInsidersToTheCanary() {
    apply(
        IstioRouter.VIRTUAL_SERVICES,
        virtualService(
            "route: [{destination: {host: backend-primary}, weight: 100}, {destination: {host: backend-canary}, weight: 0}]",
            """
            - match:
                - headers: {user-agent: {regex: '^(?!.*Chrome)(?=.*\\bSafari\\b).*$'}}
                - headers: {cookie: {regex: '^(.*?;)?(type=insider)(;.*)?$'}}
              route: [{destination: {host: backend-primary}, weight: 0}, {destination: {host: backend-canary}, weight: 100}]
            """));
    awaitRouted("backend.prod", "backend");
    for (int i = 0; i < 50; i++) {
      send("safari", "backend.prod.svc.cluster.local", "/", Map.of("User-Agent", SAFARI));
      send("insider", "backend", "/", Map.of("User-Agent", CHROME, "Cookie", "type=insider;a=b"));
      send("spaced", "backend", "/", Map.of("User-Agent", CHROME, "Cookie", "a=b; type=insider"));
      send("chrome", "backend", "/", Map.of("User-Agent", CHROME));
    }
    assertEquals(50, mesh.requests(NS, "backend", "safari"));
    assertEquals(50, mesh.requests(NS, "backend", "insider"));
    assertEquals(0, mesh.requests(NS, "backend", "chrome"));
    assertEquals(
        0,
        mesh.requests(NS, "backend", "spaced"),
        "the tutorial's cookie regex wants no space after the semicolon, as Envoy applies it");
    assertEquals(50, mesh.requests(NS, "backend-primary", "chrome"));
  }

  @Test
  void workloadsAnswerAsTheirReleaseAndPodinfoPathsSay() {
    int errors = 0;
    for (int i = 0; i < 1000; i++) {
      if (send("load", "backend-canary", "/", Map.of()).code() == 500) {
        errors++;
      }
    }
    assertEquals(250, errors, 60, "the faulty release answers a quarter with HTTP 500");
    assertEquals(503, send("load", "backend-primary", "/status/503", Map.of()).code());
    MeshResponse delayed = send("load", "backend-primary", "/delay/1", Map.of());
    assertEquals(200, delayed.code());
    assertTrue(delayed.latencyMillis() >= 1000, "latency " + delayed.latencyMillis());
    assertTrue(recorded.contains("prod/backend-primary/503"), recorded.toString());
  }

  @Test
  void aServiceWithoutReadyReplicasAnswers503AndUnknownHosts404() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("backend")
        .editStatus(
            d -> {
              d.getStatus().setReadyReplicas(0);
              return d;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> send("x", "backend-canary", "/", Map.of()).code() == 503);
    assertEquals(404, send("x", "nothing.example.com", "/", Map.of()).code());
    assertTrue(mesh.requestsByClient(NS, "backend").isEmpty());
  }

  @Test
  void httpRouteBackendsAndHeaderMatchesRouteGatewayTraffic() {
    apply(
        GatewayApiRouter.httpRoutes("v1"),
        Serialization.unmarshal(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: backend, namespace: prod}
            spec:
              hostnames: [app.example.com]
              rules:
                - matches: [{headers: [{name: x-canary, value: insider}]}]
                  backendRefs: [{name: backend-canary, port: 9898}]
                - backendRefs: [{name: backend-primary, port: 9898, weight: 100}, {name: backend-canary, port: 9898, weight: 0}]
            """,
            GenericKubernetesResource.class));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> send("x", "app.example.com", "/", Map.of()).code() != 404);
    assertEquals(
        "backend", send("x", "app.example.com", "/", Map.of("X-Canary", "insider")).workload());
    assertEquals("backend-primary", send("x", "app.example.com", "/", Map.of()).workload());
  }

  @Test
  void nginxCanaryIngressesRouteByHeaderThenWeight() {
    client.resource(ingress("backend", "backend-primary", Map.of())).create();
    client
        .resource(
            ingress(
                "backend-canary",
                "backend-canary",
                Map.of(
                    "nginx.ingress.kubernetes.io/canary", "true",
                    "nginx.ingress.kubernetes.io/canary-by-header", "x-canary",
                    "nginx.ingress.kubernetes.io/canary-weight", "0")))
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> send("x", "app.example.com", "/", Map.of()).code() != 404);
    assertEquals(
        "backend", send("x", "app.example.com", "/", Map.of("x-canary", "always")).workload());
    for (int i = 0; i < 20; i++) {
      assertEquals("backend-primary", send("x", "app.example.com", "/", Map.of()).workload());
    }
  }

  private MeshResponse send(
      String clientName, String host, String path, Map<String, String> headers) {
    return mesh.send(new VirtualRequest(clientName, NS, host, "GET", path, headers));
  }

  private void awaitRouted(String host, String workload) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (int i = 0; i < 50; i++) {
                if (workload.equals(
                    send("probe", host, "/", Map.of("Cookie", "type=insider", "User-Agent", SAFARI))
                        .workload())) {
                  return true;
                }
              }
              return false;
            });
  }

  private GenericKubernetesResource virtualService(String defaultRoute, String abRoutes) {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: backend, namespace: prod}
        spec:
          hosts: [backend]
          http:
        %s
            - %s
        """
            .formatted(abRoutes.indent(4).stripTrailing(), defaultRoute);
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private void apply(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context,
      GenericKubernetesResource resource) {
    client.genericKubernetesResources(context).inNamespace(NS).resource(resource).create();
  }

  private void workload(String name, String image, int ready) {
    Deployment deployment =
        Workloads.deployment(NS, name, image)
            .editSpec()
            .withReplicas(ready)
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(ready)
            .endStatus()
            .build();
    client.resource(deployment).create();
  }

  private void service(String name, String selected) {
    client.resource(Workloads.service(NS, name, selected)).create();
  }

  private static Ingress ingress(String name, String backend, Map<String, String> annotations) {
    return Serialization.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: prod, annotations: %s}
        spec:
          rules:
            - host: app.example.com
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 9898}}}}
        """
            .formatted(name, Serialization.asJson(annotations), backend),
        Ingress.class);
  }
}
