package dev.kanary.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.sandbox.SimulatedWorkloadController;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
import java.util.function.Predicate;
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
  private HttpServer gate;
  private final AtomicInteger rollbackAnswer = new AtomicInteger(404);

  @BeforeEach
  void start() throws IOException {
    workloads =
        new SimulatedWorkloadController(client, Duration.ofMillis(200), 2, Clock.systemUTC());
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
    client.resource(deployment(ns, "podinfo", "podinfo:1.0")).create();
    client.resource(canary(ns, "podinfo", "Deployment", false)).create();
    awaitPhase(ns, "podinfo", CanaryPhase.INITIALIZED);
    assertEquals(0, replicas(ns, "podinfo"));
    assertEquals("podinfo:1.0", image(ns, "podinfo-primary"));
    assertEquals(Map.of("app", "podinfo-primary"), service(ns, "podinfo").getSpec().getSelector());

    setImage(ns, "podinfo", "podinfo:1.1");
    awaitPhase(ns, "podinfo", CanaryPhase.SUCCEEDED);
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
    setImage(ns, "podinfo", "podinfo:1.2");
    awaitPhase(ns, "podinfo", CanaryPhase.FAILED);
    assertEquals("podinfo:1.1", image(ns, "podinfo-primary"), "the primary keeps the good release");
    assertEquals(0, replicas(ns, "podinfo"));
    assertTrue(messages(ns, "podinfo").contains("Canary failed! Scaling down podinfo." + ns));
  }

  @Test
  void promotesThenRollsBackADaemonSetCanaryByWebhook() {
    String ns = "daemons";
    client.resource(daemonSet(ns, "agent", "agent:1.0")).create();
    Canary canary = canary(ns, "agent", "DaemonSet", false);
    CanaryWebhook abort = new CanaryWebhook();
    abort.name = "abort";
    abort.type = "rollback";
    abort.url = "http://127.0.0.1:" + gate.getAddress().getPort() + "/rollback";
    canary.getSpec().analysis.webhooks = new ArrayList<>(List.of(abort));
    client.resource(canary).create();
    awaitPhase(ns, "agent", CanaryPhase.INITIALIZED);
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

    client
        .apps()
        .daemonSets()
        .inNamespace(ns)
        .withName("agent")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("agent:1.1");
              return d;
            });
    awaitPhase(ns, "agent", CanaryPhase.SUCCEEDED);
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
    client.resource(deployment(ns, "podinfo", "podinfo:1.0")).create();
    client.resource(canary(ns, "podinfo", "Deployment", true)).create();
    awaitPhase(ns, "podinfo", CanaryPhase.INITIALIZED);
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
    client.resource(deployment(ns, "web", "web:1.0")).create();
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
      client.resource(ingress(ns, "web")).create();
      canary.getSpec().ingressRef =
          client
              .getKubernetesSerialization()
              .unmarshal(
                  "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"name\": \"web\"}",
                  dev.kanary.api.v1beta1.spec.IngressReference.class);
    }
    client.resource(canary).create();
    awaitPhase(ns, "web", CanaryPhase.INITIALIZED);

    setImage(ns, "web", "web:1.1");
    awaitWeight(ns, "web", 50);
    awaitPhase(ns, "web", CanaryPhase.SUCCEEDED);
    assertEquals("web:1.1", image(ns, "web-primary"));
    assertTrue(
        messages(ns, "web").contains("Advance web." + ns + " canary weight 50"),
        messages(ns, "web").toString());

    workloads.behave("web:1.2", SimulatedWorkloadController.Behaviour.CRASH_LOOP);
    setImage(ns, "web", "web:1.2");
    awaitPhase(ns, "web", CanaryPhase.FAILED);
    assertEquals("web:1.1", image(ns, "web-primary"));
    assertEquals(0, replicas(ns, "web"));
  }

  @Test
  void deletingARevertOnDeletionCanaryRestoresTheUsersVirtualService() {
    String ns = "vs-revert";
    var virtualServices =
        client.genericKubernetesResources(dev.kanary.router.istio.IstioRouter.VIRTUAL_SERVICES);
    client.resource(deployment(ns, "web", "web:1.0")).create();
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
    awaitPhase(ns, "web", CanaryPhase.INITIALIZED);
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
    client.resource(deployment(ns, "backend", "backend:1.0")).create();
    Canary canary = canary(ns, "backend", "Deployment", false);
    canary.getSpec().provider = "istio";
    canary.getSpec().analysis.iterations = null;
    canary.getSpec().analysis.stepWeight = 10;
    canary.getSpec().analysis.maxWeight = 50;
    client.resource(canary).create();
    awaitPhase(ns, "backend", CanaryPhase.INITIALIZED);
    setImage(ns, "backend", "backend:1.1");
    awaitWeight(ns, "backend", 20);
    drain();
    awaitWeight(ns, "backend", 30);
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

  private void awaitPhase(String ns, String name, CanaryPhase phase) {
    awaitCanary(
        ns, name, c -> c.getStatus() != null && phase.wireName().equals(c.getStatus().phase));
  }

  private void awaitWeight(String ns, String name, int weight) {
    awaitCanary(
        ns,
        name,
        c -> c.getStatus() != null && Integer.valueOf(weight).equals(c.getStatus().canaryWeight));
  }

  private void awaitCanary(String ns, String name, Predicate<Canary> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> client.resources(Canary.class).inNamespace(ns).withName(name).get(),
            c -> c != null && done.test(c));
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

  private void setImage(String ns, String name, String image) {
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(name)
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
              return d;
            });
  }

  private static Canary canary(String ns, String target, String kind, boolean revert) {
    Canary canary =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: %s
              namespace: %s
            spec:
              provider: kubernetes
              targetRef:
                apiVersion: apps/v1
                kind: %s
                name: %s
              service:
                port: 9898
              analysis:
                interval: 1s
                threshold: 2
                iterations: 3
            """
                .formatted(target, ns, kind, target),
            Canary.class);
    canary.getSpec().revertOnDeletion = revert;
    return canary;
  }

  private static Deployment deployment(String ns, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withProgressDeadlineSeconds(2)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress(
      String ns, String service) {
    return new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
        .withNewMetadata()
        .withName(service)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewRule()
        .withHost(service + ".example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(9898)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  private static DaemonSet daemonSet(String ns, String name, String image) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
