package dev.kanary.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.ship.Rbac.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the kustomize base, the default install and the overlays, and checks what the issue asks
 * of them: RBAC exactly as {@link RbacTable}, no wildcards, Secrets read-only outside config
 * tracking, probes, resources, a non-root read-only security context and metrics scraping.
 */
class ManifestsTest {

  private static final Path BASE = Project.KUBERNETES.resolve("base");
  private static final Path NAMESPACED = Project.KUBERNETES.resolve("overlays/namespaced");
  private static final Path ISTIO = Project.KUBERNETES.resolve("overlays/istio");
  private static final Set<String> ESCALATING = Set.of("*", "escalate", "bind", "impersonate");

  @Test
  void theBaseGrantsExactlyTheReviewedTable() {
    List<ObjectNode> base = Kustomize.build(BASE);
    assertEquals(
        RbacTable.of(RbacTable.MAIN),
        Rbac.permissions(Kustomize.find(base, "ClusterRole", RbacTable.MAIN)));
    assertEquals(
        RbacTable.of(RbacTable.CONFIG_TRACKING),
        Rbac.permissions(Kustomize.find(base, "ClusterRole", RbacTable.CONFIG_TRACKING)));
    assertEquals(
        RbacTable.of(RbacTable.LEADER_ELECTION),
        Rbac.permissions(Kustomize.find(base, "Role", RbacTable.LEADER_ELECTION)));
    List<String> bound =
        Rbac.rolesBoundTo(base, "kanary", "kanary-system").stream()
            .map(
                role ->
                    role.path("kind").asText() + "/" + role.path("metadata").path("name").asText())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "ClusterRole/kanary",
            "ClusterRole/kanary-config-tracking",
            "Role/kanary-leader-election"),
        bound);
    assertEquals(
        3,
        Kustomize.ofKind(base, "ClusterRole").size() + Kustomize.ofKind(base, "Role").size(),
        "no role beyond the three");
  }

  @Test
  void noRenderedRoleUsesWildcardsOrEscalatingVerbs() {
    for (Path root : List.of(Project.KUBERNETES, BASE, NAMESPACED, ISTIO)) {
      for (ObjectNode object : Kustomize.build(root)) {
        String kind = object.path("kind").asText();
        if (kind.endsWith("RoleBinding")) {
          assertFalse(
              object.path("roleRef").path("name").asText().equals("cluster-admin"),
              root + ": bound to cluster-admin");
        }
        if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
          continue;
        }
        for (JsonNode rule : object.path("rules")) {
          for (String field : List.of("apiGroups", "resources", "verbs")) {
            for (JsonNode value : rule.path(field)) {
              assertFalse(
                  ESCALATING.contains(value.asText()),
                  root + " " + kind + " " + field + " grants " + value);
            }
          }
          assertFalse(rule.has("nonResourceURLs"), root + ": nonResourceURLs");
        }
      }
    }
  }

  @Test
  void secretsAreReadOnlyOutsideConfigTrackingCopies() {
    List<ObjectNode> base = Kustomize.build(BASE);
    Set<String> mainSecretVerbs =
        verbsOn(Kustomize.find(base, "ClusterRole", RbacTable.MAIN), "secrets");
    assertEquals(Set.of("get", "list", "watch"), mainSecretVerbs);
    Set<Permission> tracking =
        Rbac.permissions(Kustomize.find(base, "ClusterRole", RbacTable.CONFIG_TRACKING));
    assertEquals(
        Set.of("configmaps", "secrets"),
        tracking.stream().map(Permission::resource).collect(Collectors.toSet()));
    assertEquals(
        Set.of("create", "update", "delete"),
        tracking.stream().map(Permission::verb).collect(Collectors.toSet()));
    assertEquals(
        Set.of(), verbsOn(Kustomize.find(base, "Role", RbacTable.LEADER_ELECTION), "secrets"));
  }

  @Test
  void theDeploymentIsProbedBoundedAndLockedDown() throws IOException {
    ObjectNode deployment = Kustomize.find(Kustomize.build(BASE), "Deployment", "kanary");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertEquals("kanary", pod.path("serviceAccountName").asText());
    JsonNode container = pod.path("containers").get(0);
    assertEquals(Project.image(), container.path("image").asText());
    assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt());
    assertEquals(
        "/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals(
        "/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    for (String probe : List.of("livenessProbe", "readinessProbe")) {
      assertEquals("http", container.path(probe).path("httpGet").path("port").asText());
    }
    JsonNode resources = container.path("resources");
    assertTrue(resources.path("requests").has("cpu"), "cpu request");
    assertTrue(resources.path("requests").has("memory"), "memory request");
    assertTrue(resources.path("limits").has("memory"), "memory limit");

    JsonNode podSecurity = pod.path("securityContext");
    assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), "pod runAsNonRoot");
    assertEquals("RuntimeDefault", podSecurity.path("seccompProfile").path("type").asText());
    JsonNode security = container.path("securityContext");
    assertTrue(security.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "privilege escalation");
    assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString());
    assertFalse(security.has("privileged") && security.get("privileged").asBoolean());

    Matcher user =
        Pattern.compile("(?m)^USER (\\d+)$")
            .matcher(Files.readString(Path.of("native", "Dockerfile.native")));
    assertTrue(user.find(), "USER in native/Dockerfile.native");
    assertEquals(user.group(1), podSecurity.path("runAsUser").asText(), "the image's user");
    assertTrue(
        container.path("volumeMounts").toString().contains("\"/tmp\""),
        "a writable /tmp beside the read-only root");
  }

  @Test
  void everyEnvironmentVariableIsADocumentedSetting() throws IOException {
    String configuration = Files.readString(Path.of("docs", "configuration.md"));
    for (Path root : List.of(Project.KUBERNETES, NAMESPACED, ISTIO)) {
      ObjectNode deployment = Kustomize.find(Kustomize.build(root), "Deployment", "kanary");
      for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
        String name = env.path("name").asText();
        assertTrue(configuration.contains("`" + name + "`"), root + ": " + name + " undocumented");
      }
    }
  }

  @Test
  void metricsAreScrapedByAnnotationsAndTheServiceMonitor() {
    List<ObjectNode> base = Kustomize.build(BASE);
    JsonNode annotations =
        Kustomize.find(base, "Deployment", "kanary").at("/spec/template/metadata/annotations");
    assertEquals("true", annotations.path("prometheus.io/scrape").asText());
    assertEquals("8080", annotations.path("prometheus.io/port").asText());
    assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());

    ObjectNode service = Kustomize.find(base, "Service", "kanary");
    JsonNode labels =
        Kustomize.find(base, "Deployment", "kanary").at("/spec/template/metadata/labels");
    service
        .at("/spec/selector")
        .fields()
        .forEachRemaining(e -> assertEquals(e.getValue(), labels.get(e.getKey()), e.getKey()));
    ObjectNode monitor = Kustomize.find(base, "ServiceMonitor", "kanary");
    assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
    assertEquals(service.at("/metadata/labels"), monitor.at("/spec/selector/matchLabels"));
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertEquals("/q/metrics", endpoint.path("path").asText());
    assertEquals(service.at("/spec/ports/0/name").asText(), endpoint.path("port").asText());
  }

  @Test
  void theBaseShipsTheGeneratedCrds() {
    List<ObjectNode> base = Kustomize.build(BASE);
    List<String> crds =
        Kustomize.ofKind(base, "CustomResourceDefinition").stream()
            .map(crd -> crd.at("/metadata/name").asText())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "alertproviders.flagger.app", "canaries.flagger.app", "metrictemplates.flagger.app"),
        crds);
  }

  @Test
  void theDefaultInstallCreatesItsNamespaceAndUsesIt() {
    List<ObjectNode> install = Kustomize.build(Project.KUBERNETES);
    Kustomize.find(install, "Namespace", "kanary-system");
    assertEquals(Set.of("kanary-system"), namespacesOf(install));
    assertEquals(Kustomize.build(BASE).size() + 1, install.size());
  }

  @Test
  void theNamespacedOverlayUsesRolesInItsNamespaceAndWatchesOnlyIt() {
    List<ObjectNode> objects = Kustomize.build(NAMESPACED);
    assertTrue(Kustomize.ofKind(objects, "ClusterRole").isEmpty(), "no ClusterRole");
    assertTrue(Kustomize.ofKind(objects, "ClusterRoleBinding").isEmpty(), "no ClusterRoleBinding");
    assertEquals(Set.of("apps"), namespacesOf(objects));
    for (String role :
        List.of(RbacTable.MAIN, RbacTable.CONFIG_TRACKING, RbacTable.LEADER_ELECTION)) {
      assertEquals(RbacTable.of(role), Rbac.permissions(Kustomize.find(objects, "Role", role)));
    }
    assertEquals(3, Rbac.rolesBoundTo(objects, "kanary", "apps").size());
    JsonNode env = env(Kustomize.find(objects, "Deployment", "kanary")).get("KANARY_NAMESPACES");
    assertEquals("metadata.namespace", env.at("/valueFrom/fieldRef/fieldPath").asText());
  }

  @Test
  void theIstioOverlayRunsInIstioSystemWithIstiosPrometheus() {
    List<ObjectNode> objects = Kustomize.build(ISTIO);
    assertEquals(Set.of("istio-system"), namespacesOf(objects));
    assertEquals(3, Rbac.rolesBoundTo(objects, "kanary", "istio-system").size());
    Map<String, JsonNode> env = env(Kustomize.find(objects, "Deployment", "kanary"));
    assertEquals("istio", env.get("KANARY_MESH_PROVIDER").path("value").asText());
    assertEquals(
        "http://prometheus.istio-system:9090",
        env.get("KANARY_METRICS_SERVER").path("value").asText());
    assertTrue(Kustomize.ofKind(objects, "Namespace").isEmpty(), "istio-system is not created");
  }

  @Test
  void theTestBuildRefusesWhatItDoesNotModel(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  team: a\n");
    assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [sa.yaml]\npatches:\n  - target: {kind: ServiceAccount}\n    patch: |-\n"
            + "      - op: replace\n        path: /kind\n        value: Secret\n");
    Files.writeString(
        dir.resolve("sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n");
    assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
  }

  private static Set<String> verbsOn(JsonNode role, String resource) {
    return Rbac.permissions(role).stream()
        .filter(p -> p.resource().equals(resource))
        .map(Permission::verb)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> namespacesOf(List<ObjectNode> objects) {
    Set<String> namespaces = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    for (ObjectNode object : objects) {
      String kind = object.path("kind").asText();
      if (kind.startsWith("Cluster")
          || kind.equals("CustomResourceDefinition")
          || kind.equals("Namespace")) {
        continue;
      }
      String namespace = object.at("/metadata/namespace").asText();
      if (namespace.isEmpty()) {
        missing.add(kind + "/" + object.at("/metadata/name").asText());
      }
      namespaces.add(namespace);
      for (JsonNode subject : object.path("subjects")) {
        namespaces.add(subject.path("namespace").asText());
      }
    }
    for (ObjectNode binding : Kustomize.ofKind(objects, "ClusterRoleBinding")) {
      for (JsonNode subject : binding.path("subjects")) {
        namespaces.add(subject.path("namespace").asText());
      }
    }
    assertEquals(List.of(), missing, "objects without a namespace");
    return namespaces;
  }

  private static Map<String, JsonNode> env(ObjectNode deployment) {
    Map<String, JsonNode> env = new TreeMap<>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(variable -> env.put(variable.path("name").asText(), variable));
    return env;
  }
}
