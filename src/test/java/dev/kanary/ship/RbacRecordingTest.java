package dev.kanary.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.sandbox.SimulatedWorkloadController;
import dev.kanary.ship.Rbac.Permission;
import dev.kanary.testing.Canaries;
import dev.kanary.testing.CanaryWaits;
import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records every request the operator sends to the mock API server while it runs whole rollouts
 * through each router, with config tracking (including the copies that must be recreated: an
 * immutable copy left by Flagger, a Secret whose type changed), an HPA, a MetricTemplate, an
 * AlertProvider, a DaemonSet and a revert on deletion of a canary carrying Flagger's finalizer, and
 * checks the shipped RBAC against them: every request is permitted by the base's roles and listed
 * in {@link RbacTable}, and every permission of the table is used by some request, except the few a
 * request cannot show (each with its reason).
 *
 * <p>The test drives the cluster with its own client, whose User-Agent sets its requests apart;
 * everything else is the operator's.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RbacRecordingTest {

  private static final String AGENT = "kanary-rbac-recording-test";
  private static final Set<String> NON_RESOURCE = Set.of("/version", "/api", "/apis");

  @KubernetesTestServer KubernetesServer server;

  private KubernetesClient tester;
  private SimulatedWorkloadController workloads;
  private CanaryWaits waits;
  private HttpServer fakes;

  @BeforeEach
  void start() throws IOException {
    tester =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(server.getClient().getConfiguration())
                    .withUserAgent(AGENT)
                    .build())
            .build();
    workloads =
        new SimulatedWorkloadController(tester, Duration.ofMillis(200), 2, Clock.systemUTC());
    waits = new CanaryWaits(tester, Duration.ofSeconds(90), Duration.ofMillis(100));
    fakes = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] vector =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[0,\"1\"]}]}}"
            .getBytes(StandardCharsets.UTF_8);
    fakes.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, vector.length);
          exchange.getResponseBody().write(vector);
          exchange.close();
        });
    fakes.start();
  }

  @AfterEach
  void stop() {
    workloads.close();
    fakes.stop(0);
    tester.close();
  }

  @Test
  void theShippedRbacPermitsEveryRequestAndEveryPermissionIsUsed() throws Exception {
    String fake = "http://127.0.0.1:" + fakes.getAddress().getPort();
    startTrackedRollout("tracked", fake);
    for (String provider : List.of("istio", "gatewayapi:v1", "gatewayapi:v1beta1", "nginx")) {
      startRoutedRollout("via-" + provider.replace(":", "-"), provider);
    }
    tester.resource(Workloads.canaryTargetDaemonSet("daemons", "agent", "agent:1.0")).create();
    tester.resource(canary("daemons", "agent", "DaemonSet", "kubernetes", false)).create();

    waits.phase("tracked", "app", CanaryPhase.INITIALIZED);
    changeTrackedConfig("tracked");
    Workloads.setImage(tester, "tracked", "app", "app:1.1");

    for (String provider : List.of("istio", "gatewayapi:v1", "gatewayapi:v1beta1", "nginx")) {
      String ns = "via-" + provider.replace(":", "-");
      waits.phase(ns, "web", CanaryPhase.INITIALIZED);
      if (provider.equals("istio")) {
        tester
            .resources(Canary.class)
            .inNamespace(ns)
            .withName("web")
            .edit(
                c -> {
                  c.getSpec().service.trafficPolicy =
                      tester
                          .getKubernetesSerialization()
                          .unmarshal(
                              "{\"tls\": {\"mode\": \"DISABLE\"}}",
                              dev.kanary.api.v1beta1.spec.istio.TrafficPolicy.class);
                  return c;
                });
      }
      Workloads.setImage(tester, ns, "web", "web:1.1");
    }
    waits.phase("daemons", "agent", CanaryPhase.INITIALIZED);
    Workloads.setDaemonSetImage(tester, "daemons", "agent", "agent:1.1");

    waits.phase("tracked", "app", CanaryPhase.SUCCEEDED);
    waits.phase("daemons", "agent", CanaryPhase.SUCCEEDED);
    for (String provider : List.of("istio", "gatewayapi:v1", "gatewayapi:v1beta1", "nginx")) {
      waits.phase("via-" + provider.replace(":", "-"), "web", CanaryPhase.SUCCEEDED);
    }
    tester.resources(Canary.class).inNamespace("via-istio").withName("web").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                tester.resources(Canary.class).inNamespace("via-istio").withName("web").get()
                    == null);

    Map<Permission, String> used = operatorRequests();
    System.out.println("Kubernetes API permissions the operator used:");
    used.forEach(
        (permission, example) -> System.out.println("  " + permission + "  e.g. " + example));

    Set<Permission> granted = new TreeSet<>();
    List<ObjectNode> base = Kustomize.build(Project.KUBERNETES.resolve("base"));
    Rbac.rolesBoundTo(base, "kanary", "kanary-system")
        .forEach(role -> granted.addAll(Rbac.permissions(role)));
    List<String> refused = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    used.forEach(
        (permission, example) -> {
          if (!granted.contains(permission)) {
            refused.add(permission + " (" + example + ")");
          }
          if (!RbacTable.all().contains(permission)) {
            unlisted.add(permission + " (" + example + ")");
          }
        });
    assertEquals(List.of(), refused, "requests the shipped RBAC refuses");
    assertEquals(List.of(), unlisted, "requests missing from RbacTable");

    Set<Permission> unused = new TreeSet<>(RbacTable.all());
    unused.removeAll(used.keySet());
    unused.removeAll(RbacTable.unrecorded().keySet());
    assertEquals(Set.of(), unused, "permissions no request used: drop them from the RBAC");
    Set<Permission> nowRecorded = new TreeSet<>(RbacTable.unrecorded().keySet());
    nowRecorded.retainAll(used.keySet());
    assertEquals(Set.of(), nowRecorded, "marked unrecorded in RbacTable but recorded");
  }

  @Test
  void crdsAreAppliedOnlyInTestAndDevModes() throws IOException {
    for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
      if (line.contains("quarkus.operator-sdk.crd.apply")) {
        assertTrue(
            line.startsWith("%test.") || line.startsWith("%dev."),
            "the shipped operator must not need to write CRDs: " + line);
      }
    }
  }

  /** The operator's requests as permissions, each with one example request. */
  private Map<Permission, String> operatorRequests() throws InterruptedException {
    Map<Permission, String> used = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    int mine = 0;
    RecordedRequest request;
    while ((request = server.getKubernetesMockServer().takeRequest(100, TimeUnit.MILLISECONDS))
        != null) {
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(AGENT)) {
        mine++;
        continue;
      }
      String example = request.getMethod() + " " + request.getPath();
      String path = request.getPath().split("\\?", 2)[0];
      if (NON_RESOURCE.contains(path)) {
        continue;
      }
      Permission permission = ApiRequests.permission(request.getMethod(), request.getPath());
      if (permission == null) {
        unexpected.add(example);
      } else if (!permission.group().equals("apiextensions.k8s.io")) {
        used.putIfAbsent(permission, example);
      }
    }
    assertTrue(mine > 0, "the test's own requests were told apart by their User-Agent");
    assertEquals(List.of(), unexpected, "requests outside the Kubernetes resource API");
    return used;
  }

  private void startTrackedRollout(String ns, String fake) {
    tester.resource(configMap(ns, "settings", false, "a")).create();
    tester.resource(configMap(ns, "frozen-settings", true, "a")).create();
    tester.resource(configMap(ns, "frozen-settings-primary", true, "left by Flagger")).create();
    tester.resource(secret(ns, "credentials", false, "a", "Opaque")).create();
    tester.resource(secret(ns, "frozen-credentials", true, "a", "Opaque")).create();
    var deployment = Workloads.canaryTarget(ns, "app", "app:1.0", 2);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    container.setEnvFrom(
        List.of(
            envFrom("settings", false),
            envFrom("frozen-settings", false),
            envFrom("credentials", true),
            envFrom("frozen-credentials", true)));
    tester.resource(deployment).create();
    tester.resource(hpa(ns, "app", 80)).create();
    tester
        .resource(
            unmarshal(
                """
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata: {name: latency, namespace: %s}
                spec:
                  provider: {type: prometheus, address: "%s"}
                  query: vector(1)
                """
                    .formatted(ns, fake),
                MetricTemplate.class))
        .create();
    tester
        .resource(
            unmarshal(
                """
                apiVersion: flagger.app/v1beta1
                kind: AlertProvider
                metadata: {name: on-call, namespace: %s}
                spec: {type: slack, channel: on-call, address: "%s/hook"}
                """
                    .formatted(ns, fake),
                AlertProvider.class))
        .create();
    Canary canary = canary(ns, "app", "Deployment", "kubernetes", false);
    canary.getSpec().autoscalerRef =
        unmarshal(
            "{\"apiVersion\": \"autoscaling/v2\", \"kind\": \"HorizontalPodAutoscaler\","
                + " \"name\": \"app\"}",
            dev.kanary.api.v1beta1.spec.AutoscalerReference.class);
    canary.getSpec().analysis.metrics =
        List.of(
            unmarshal(
                "{\"name\": \"latency\", \"templateRef\": {\"name\": \"latency\"},"
                    + " \"thresholdRange\": {\"max\": 500}, \"interval\": \"1m\"}",
                dev.kanary.api.v1beta1.spec.CanaryMetric.class));
    canary.getSpec().analysis.alerts =
        List.of(
            unmarshal(
                "{\"name\": \"on-call\", \"severity\": \"info\","
                    + " \"providerRef\": {\"name\": \"on-call\"}}",
                dev.kanary.api.v1beta1.spec.CanaryAlert.class));
    tester.resource(canary).create();
  }

  private void changeTrackedConfig(String ns) {
    tester.resource(configMap(ns, "settings", false, "b")).update();
    tester.resource(secret(ns, "credentials", false, "b", "Opaque")).update();
    tester.configMaps().inNamespace(ns).withName("frozen-settings").delete();
    tester.secrets().inNamespace(ns).withName("frozen-credentials").delete();
    tester.resource(configMap(ns, "frozen-settings", true, "b")).create();
    tester
        .resource(secret(ns, "frozen-credentials", true, "b", "kubernetes.io/basic-auth"))
        .create();
    tester.resource(hpa(ns, "app", 70)).update();
  }

  private void startRoutedRollout(String ns, String provider) {
    tester.resource(Workloads.canaryTarget(ns, "web", "web:1.0", 2)).create();
    Canary canary = canary(ns, "web", "Deployment", provider, provider.equals("istio"));
    if (provider.equals("istio")) {
      canary.getMetadata().setFinalizers(List.of("finalizer.flagger.app"));
    }
    if (provider.startsWith("gatewayapi")) {
      canary.getSpec().service.gatewayRefs =
          List.of(
              unmarshal(
                  "{\"name\": \"gateway\", \"namespace\": \"ingress\"}",
                  dev.kanary.api.v1beta1.spec.gateway.ParentReference.class));
    }
    if (provider.equals("nginx")) {
      tester.resource(Workloads.nginxIngress(ns, "web")).create();
      canary.getSpec().ingressRef =
          unmarshal(
              "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"name\": \"web\"}",
              dev.kanary.api.v1beta1.spec.IngressReference.class);
    }
    canary.getSpec().analysis.iterations = null;
    canary.getSpec().analysis.stepWeight = 50;
    canary.getSpec().analysis.maxWeight = 50;
    tester.resource(canary).create();
  }

  private <T> T unmarshal(String text, Class<T> type) {
    return tester.getKubernetesSerialization().unmarshal(text, type);
  }

  private static Canary canary(
      String ns, String target, String kind, String provider, boolean revert) {
    Canary canary = Canaries.canary(ns, target, kind, provider, 2);
    canary.getSpec().revertOnDeletion = revert;
    return canary;
  }

  private HasMetadata hpa(String ns, String name, int cpu) {
    return unmarshal(
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s, namespace: %s}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: 1
          maxReplicas: 4
          metrics:
            - type: Resource
              resource: {name: cpu, target: {type: Utilization, averageUtilization: %d}}
        """
            .formatted(name, ns, name, cpu),
        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(
      String ns, String name, boolean immutable, String value) {
    return new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withImmutable(immutable ? Boolean.TRUE : null)
        .withData(Map.of("SETTING", value))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(
      String ns, String name, boolean immutable, String value, String type) {
    return new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withImmutable(immutable ? Boolean.TRUE : null)
        .withType(type)
        .withStringData(Map.of("username", "kanary", "password", value))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.EnvFromSource envFrom(
      String name, boolean secret) {
    var source = new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder();
    return secret
        ? source.withNewSecretRef().withName(name).endSecretRef().build()
        : source.withNewConfigMapRef().withName(name).endConfigMapRef().build();
  }
}
