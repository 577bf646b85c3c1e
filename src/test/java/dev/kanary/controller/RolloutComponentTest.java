package dev.kanary.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.sandbox.SimulatedWorkloadController;
import dev.kanary.testing.Canaries;
import dev.kanary.testing.CanaryWaits;
import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real reconcilers on the fabric8 mock API server, with the sandbox's simulated workload controller
 * playing Kubernetes: whole rollouts of Deployment and DaemonSet canaries.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RolloutComponentTest {

  @Inject KubernetesClient client;

  @KubernetesTestServer KubernetesServer server;

  private SimulatedWorkloadController workloads;
  private CanaryWaits waits;
  private HttpServer gate;
  private final AtomicInteger rollbackAnswer = new AtomicInteger(404);

  @BeforeEach
  void start() throws IOException {
    workloads =
        new SimulatedWorkloadController(client, Duration.ofMillis(200), 2, Clock.systemUTC());
    waits = new CanaryWaits(client, Duration.ofSeconds(60), Duration.ofMillis(50));
    gate = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gate.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(rollbackAnswer.get(), -1);
          exchange.close();
        });
    gate.start();
  }

  @AfterEach
  void stop() {
    workloads.close();
    gate.stop(0);
  }

  @Test
  void promotesThenRollsBackADeploymentCanary() {
    String ns = "deploy";
    client.resource(Workloads.canaryTarget(ns, "podinfo", "podinfo:1.0", 2)).create();
    client.resource(canary(ns, "podinfo", "Deployment", false)).create();
    waits.phase(ns, "podinfo", CanaryPhase.INITIALIZED);
    assertEquals(0, replicas(ns, "podinfo"));
    assertEquals("podinfo:1.0", image(ns, "podinfo-primary"));
    assertEquals(Map.of("app", "podinfo-primary"), service(ns, "podinfo").getSpec().getSelector());

    Workloads.setImage(client, ns, "podinfo", "podinfo:1.1");
    waits.phase(ns, "podinfo", CanaryPhase.SUCCEEDED);
    assertEquals("podinfo:1.1", image(ns, "podinfo-primary"));
    assertEquals(0, replicas(ns, "podinfo"));
    assertTrue(
        messages(ns, "podinfo")
            .containsAll(
                List.of(
                    "Initialization done! podinfo." + ns,
                    "New revision detected! Scaling up podinfo." + ns,
                    "Advance podinfo." + ns + " canary iteration 3/3",
                    "Copying podinfo." + ns + " template spec to podinfo-primary." + ns,
                    "Promotion completed! Scaling down podinfo." + ns)),
        messages(ns, "podinfo").toString());

    workloads.behave("podinfo:1.2", SimulatedWorkloadController.Behaviour.CRASH_LOOP);
    Workloads.setImage(client, ns, "podinfo", "podinfo:1.2");
    waits.phase(ns, "podinfo", CanaryPhase.FAILED);
    assertEquals("podinfo:1.1", image(ns, "podinfo-primary"), "the primary keeps the good release");
    assertEquals(0, replicas(ns, "podinfo"));
    assertTrue(messages(ns, "podinfo").contains("Canary failed! Scaling down podinfo." + ns));
  }

  @Test
  void promotesThenRollsBackADaemonSetCanaryByWebhook() {
    String ns = "daemons";
    client.resource(Workloads.canaryTargetDaemonSet(ns, "agent", "agent:1.0")).create();
    Canary canary = canary(ns, "agent", "DaemonSet", false);
    CanaryWebhook abort = new CanaryWebhook();
    abort.name = "abort";
    abort.type = "rollback";
    abort.url = "http://127.0.0.1:" + gate.getAddress().getPort() + "/rollback";
    canary.getSpec().analysis.webhooks = new ArrayList<>(List.of(abort));
    client.resource(canary).create();
    waits.phase(ns, "agent", CanaryPhase.INITIALIZED);
    assertEquals(
        "true",
        client
            .apps()
            .daemonSets()
            .inNamespace(ns)
            .withName("agent")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getNodeSelector()
            .get("flagger.app/scale-to-zero"));

    Workloads.setDaemonSetImage(client, ns, "agent", "agent:1.1");
    waits.phase(ns, "agent", CanaryPhase.SUCCEEDED);
    assertEquals(
        "agent:1.1",
        client
            .apps()
            .daemonSets()
            .inNamespace(ns)
            .withName("agent-primary")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
  }

  @Test
  void revertOnDeletionGivesTheTargetItsPodsAndServiceBack() {
    String ns = "revert";
    client.resource(Workloads.canaryTarget(ns, "podinfo", "podinfo:1.0", 2)).create();
    client.resource(canary(ns, "podinfo", "Deployment", true)).create();
    waits.phase(ns, "podinfo", CanaryPhase.INITIALIZED);
    assertEquals(0, replicas(ns, "podinfo"));

    client.resources(Canary.class).inNamespace(ns).withName("podinfo").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.resources(Canary.class).inNamespace(ns).withName("podinfo").get() == null);
    assertEquals(2, replicas(ns, "podinfo"));
    assertEquals(Map.of("app", "podinfo"), service(ns, "podinfo").getSpec().getSelector());
    assertTrue(messages(ns, "podinfo").contains("Terminated canary podinfo." + ns));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"istio", "gatewayapi:v1", "nginx"})
  void promotesThenRollsBackThroughEachRouter(String provider) {
    String ns = "via-" + provider.replace(":", "-");
    client.resource(Workloads.canaryTarget(ns, "web", "web:1.0", 2)).create();
    Canary canary = canary(ns, "web", "Deployment", false);
    canary.getSpec().provider = provider;
    canary.getSpec().analysis.iterations = null;
    canary.getSpec().analysis.stepWeight = 25;
    canary.getSpec().analysis.maxWeight = 50;
    if (provider.startsWith("gatewayapi")) {
      canary.getSpec().service.gatewayRefs =
          List.of(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      "{\"name\": \"gateway\", \"namespace\": \"ingress\"}",
                      dev.kanary.api.v1beta1.spec.gateway.ParentReference.class));
    }
    if (provider.equals("nginx")) {
      client.resource(Workloads.nginxIngress(ns, "web")).create();
      canary.getSpec().ingressRef =
          client
              .getKubernetesSerialization()
              .unmarshal(
                  "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"name\": \"web\"}",
                  dev.kanary.api.v1beta1.spec.IngressReference.class);
    }
    client.resource(canary).create();
    waits.phase(ns, "web", CanaryPhase.INITIALIZED);

    Workloads.setImage(client, ns, "web", "web:1.1");
    waits.weight(ns, "web", 50);
    waits.phase(ns, "web", CanaryPhase.SUCCEEDED);
    assertEquals("web:1.1", image(ns, "web-primary"));
    assertTrue(
        messages(ns, "web").contains("Advance web." + ns + " canary weight 50"),
        messages(ns, "web").toString());

    workloads.behave("web:1.2", SimulatedWorkloadController.Behaviour.CRASH_LOOP);
    Workloads.setImage(client, ns, "web", "web:1.2");
    waits.phase(ns, "web", CanaryPhase.FAILED);
    assertEquals("web:1.1", image(ns, "web-primary"));
    assertEquals(0, replicas(ns, "web"));
  }

  @Test
  void deletingARevertOnDeletionCanaryRestoresTheUsersVirtualService() {
    String ns = "vs-revert";
    var virtualServices =
        client.genericKubernetesResources(dev.kanary.router.istio.IstioRouter.VIRTUAL_SERVICES);
    client.resource(Workloads.canaryTarget(ns, "web", "web:1.0", 2)).create();
    String original =
        """
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
         "metadata": {"name": "web", "namespace": "%s"},
         "spec": {"hosts": ["web.example.com"], "gateways": ["public"],
                  "http": [{"route": [{"destination": {"host": "web"}, "weight": 100}]}]}}
        """
            .formatted(ns);
    virtualServices
        .inNamespace(ns)
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    original, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .create();
    Canary canary = canary(ns, "web", "Deployment", true);
    canary.getSpec().provider = "istio";
    client.resource(canary).create();
    waits.phase(ns, "web", CanaryPhase.INITIALIZED);
    assertTrue(
        virtualServices.inNamespace(ns).withName("web").get().toString().contains("web-primary"),
        "Kanary took the VirtualService over");

    client.resources(Canary.class).inNamespace(ns).withName("web").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.resources(Canary.class).inNamespace(ns).withName("web").get() == null);
    Object spec =
        virtualServices.inNamespace(ns).withName("web").get().getAdditionalProperties().get("spec");
    assertEquals(
        client
            .getKubernetesSerialization()
            .unmarshal(original, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)
            .getAdditionalProperties()
            .get("spec"),
        spec);
  }

  @Test
  void aSteadyStateStepOfAWeightedCanaryMakesAtMostThreeWrites() throws InterruptedException {
    String ns = "writes";
    client.resource(Workloads.canaryTarget(ns, "backend", "backend:1.0", 2)).create();
    Canary canary = canary(ns, "backend", "Deployment", false);
    canary.getSpec().provider = "istio";
    canary.getSpec().analysis.iterations = null;
    canary.getSpec().analysis.stepWeight = 10;
    canary.getSpec().analysis.maxWeight = 50;
    client.resource(canary).create();
    waits.phase(ns, "backend", CanaryPhase.INITIALIZED);
    Workloads.setImage(client, ns, "backend", "backend:1.1");
    waits.weight(ns, "backend", 20);
    drain();
    waits.weight(ns, "backend", 30);
    List<String> writes =
        drain().stream()
            .filter(r -> !r.getMethod().equals("GET"))
            .map(r -> r.getMethod() + " " + r.getPath())
            .toList();
    System.out.println(
        "API writes of one steady-state step (weight 20 -> 30): " + writes.size() + " " + writes);
    assertTrue(writes.size() <= 3, writes.toString());
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS))
        != null) {
      requests.add(request);
    }
    return requests;
  }

  private List<String> messages(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getMessage)
        .toList();
  }

  private int replicas(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getReplicas();
  }

  private String image(String ns, String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(name)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private Service service(String ns, String name) {
    return client.services().inNamespace(ns).withName(name).get();
  }

  private static Canary canary(String ns, String target, String kind, boolean revert) {
    Canary canary = Canaries.canary(ns, target, kind, "kubernetes", 3);
    canary.getSpec().revertOnDeletion = revert;
    return canary;
  }
}
