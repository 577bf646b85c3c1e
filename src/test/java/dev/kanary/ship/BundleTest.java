package dev.kanary.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.ship.Rbac.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the committed OLM bundle equal to what {@link BundleGenerator} produces from the CRDs, the
 * kustomize base and the version, and checks the bundle's own consistency: every CRD owned, the
 * install permissions equal to the RBAC, one image everywhere, labels equal to annotations.
 *
 * <p>{@code ./mvnw test -Dtest=BundleTest -Dbundle.update=true} rewrites {@code bundle/}.
 */
class BundleTest {

  private static final Path GENERATED = Path.of("target", "bundle");
  private static final String CSV = "manifests/kanary.clusterserviceversion.yaml";

  private static Map<String, String> files;
  private static ObjectNode csv;

  @BeforeAll
  static void generate() throws IOException {
    files = BundleGenerator.generate();
    write(GENERATED, files);
    if (Boolean.getBoolean("bundle.update")) {
      deleteTree(BundleGenerator.COMMITTED);
      write(BundleGenerator.COMMITTED, files);
    }
    csv = (ObjectNode) Kustomize.YAML.readTree(files.get(CSV));
  }

  @Test
  void theCommittedBundleIsTheGeneratedOne() throws IOException {
    Set<String> committed = new TreeSet<>();
    if (Files.isDirectory(BundleGenerator.COMMITTED)) {
      try (Stream<Path> walk = Files.walk(BundleGenerator.COMMITTED)) {
        walk.filter(Files::isRegularFile)
            .forEach(f -> committed.add(BundleGenerator.COMMITTED.relativize(f).toString()));
      }
    }
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = BundleGenerator.COMMITTED.resolve(file.getKey());
      if (!Files.exists(path)) {
        differing.add(file.getKey() + " (missing)");
      } else if (!Files.readString(path).equals(file.getValue())) {
        differing.add(file.getKey() + " (differs from " + GENERATED.resolve(file.getKey()) + ")");
      }
    }
    committed.removeAll(files.keySet());
    committed.forEach(extra -> differing.add(extra + " (not generated)"));
    assertEquals(
        List.of(),
        differing,
        "bundle/ is stale; regenerate it with ./mvnw test -Dtest=BundleTest -Dbundle.update=true");
  }

  @Test
  void generatingAgainGivesTheSameBytes() {
    assertEquals(files, BundleGenerator.generate());
  }

  @Test
  void everyShippedCrdIsOwnedAndCopied() throws IOException {
    JsonNode owned = csv.at("/spec/customresourcedefinitions/owned");
    List<ObjectNode> crds = BundleGenerator.crds();
    assertEquals(3, crds.size());
    for (ObjectNode crd : crds) {
      String name = crd.at("/metadata/name").asText();
      JsonNode entry = null;
      for (JsonNode candidate : owned) {
        if (candidate.path("name").asText().equals(name)) {
          entry = candidate;
        }
      }
      assertTrue(entry != null, name + " not owned");
      assertEquals(crd.at("/spec/names/kind").asText(), entry.path("kind").asText());
      assertEquals(crd.at("/spec/versions/0/name").asText(), entry.path("version").asText());
      assertFalse(entry.path("displayName").asText().isBlank(), name + " displayName");
      assertTrue(entry.path("description").asText().length() > 20, name + " description");
      String file =
          "manifests/"
              + crd.at("/spec/group").asText()
              + "_"
              + crd.at("/spec/names/plural").asText()
              + ".yaml";
      assertEquals(crd, Kustomize.YAML.readTree(files.get(file)), file);
    }
    assertEquals(crds.size(), owned.size());
  }

  @Test
  void theMetricsServiceIsTheBaseService() throws IOException {
    ObjectNode service =
        Kustomize.find(Kustomize.build(Project.KUBERNETES.resolve("base")), "Service", "kanary");
    ((ObjectNode) service.get("metadata")).remove("namespace");
    assertEquals(
        service, Kustomize.YAML.readTree(files.get("manifests/kanary-metrics_v1_service.yaml")));
  }

  @Test
  void installPermissionsAreTheShippedRbac() {
    List<ObjectNode> base = Kustomize.build(Project.KUBERNETES.resolve("base"));
    JsonNode strategy = csv.at("/spec/install/spec");
    assertEquals("deployment", csv.at("/spec/install/strategy").asText());
    assertEquals(1, strategy.path("clusterPermissions").size());
    assertEquals(1, strategy.path("permissions").size());
    JsonNode cluster = strategy.at("/clusterPermissions/0");
    JsonNode namespaced = strategy.at("/permissions/0");
    assertEquals("kanary", cluster.path("serviceAccountName").asText());
    assertEquals("kanary", namespaced.path("serviceAccountName").asText());

    Set<Permission> clusterRoles = new TreeSet<>();
    Set<Permission> roles = new TreeSet<>();
    for (ObjectNode role : Rbac.rolesBoundTo(base, "kanary", "kanary-system")) {
      (role.path("kind").asText().equals("ClusterRole") ? clusterRoles : roles)
          .addAll(Rbac.permissions(role));
    }
    assertEquals(clusterRoles, Rbac.permissions(cluster));
    assertEquals(roles, Rbac.permissions(namespaced));
    Set<Permission> table = new TreeSet<>(RbacTable.of(RbacTable.MAIN));
    table.addAll(RbacTable.of(RbacTable.CONFIG_TRACKING));
    assertEquals(table, Rbac.permissions(cluster));
    assertEquals(RbacTable.of(RbacTable.LEADER_ELECTION), Rbac.permissions(namespaced));
  }

  @Test
  void oneImageEverywhere() {
    String image = Project.image();
    List<ObjectNode> base = Kustomize.build(Project.KUBERNETES.resolve("base"));
    assertEquals(
        image,
        Kustomize.find(base, "Deployment", "kanary")
            .at("/spec/template/spec/containers/0/image")
            .asText());
    assertEquals(image, csv.at("/metadata/annotations/containerImage").asText());
    assertEquals(
        image,
        csv.at("/spec/install/spec/deployments/0/spec/template/spec/containers/0/image").asText());
    assertEquals(1, csv.at("/spec/relatedImages").size());
    assertEquals(image, csv.at("/spec/relatedImages/0/image").asText());
  }

  @Test
  void theCsvRunsTheBaseDeploymentWatchingTheOperatorGroupsNamespaces() {
    ObjectNode deployment =
        Kustomize.find(Kustomize.build(Project.KUBERNETES.resolve("base")), "Deployment", "kanary");
    JsonNode installed = csv.at("/spec/install/spec/deployments/0");
    assertEquals("kanary", installed.path("name").asText());
    ObjectNode spec = installed.path("spec").deepCopy();
    ArrayNode env = (ArrayNode) spec.at("/template/spec/containers/0/env");
    JsonNode last = env.remove(env.size() - 1);
    assertEquals("KANARY_NAMESPACES", last.path("name").asText());
    assertEquals(
        BundleGenerator.TARGET_NAMESPACES, last.at("/valueFrom/fieldRef/fieldPath").asText());
    assertEquals(deployment.get("spec"), spec);
  }

  @Test
  void theCsvNamesThisVersion() {
    assertEquals(Project.version(), csv.at("/spec/version").asText());
    assertEquals(BundleGenerator.csvName(), csv.at("/metadata/name").asText());
    assertTrue(csv.at("/metadata/name").asText().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"));
    assertFalse(csv.toString().contains("createdAt"), "no timestamp, so regeneration is stable");
    Set<String> modes = new TreeSet<>();
    csv.at("/spec/installModes").forEach(m -> modes.add(m.path("type").asText()));
    assertEquals(
        Set.of("AllNamespaces", "MultiNamespace", "OwnNamespace", "SingleNamespace"), modes);
    JsonNode examples = parse(csv.at("/metadata/annotations/alm-examples").asText());
    Set<String> kinds = new TreeSet<>();
    examples.forEach(e -> kinds.add(e.path("kind").asText()));
    assertEquals(Set.of("AlertProvider", "Canary", "MetricTemplate"), kinds);
  }

  @Test
  void theImageLabelsAreTheBundleAnnotations() throws IOException {
    JsonNode annotations =
        Kustomize.YAML.readTree(files.get("metadata/annotations.yaml")).path("annotations");
    Map<String, String> expected = new LinkedHashMap<>();
    annotations.fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
    assertEquals(BundleGenerator.annotations(), expected);
    assertEquals("kanary", expected.get("operators.operatorframework.io.bundle.package.v1"));
    assertEquals("alpha", expected.get("operators.operatorframework.io.bundle.channels.v1"));
    Map<String, String> labels = new LinkedHashMap<>();
    for (String line : files.get("bundle.Dockerfile").split("\n")) {
      if (line.startsWith("LABEL ")) {
        String[] pair = line.substring(6).split("=", 2);
        labels.put(pair[0], pair[1]);
      }
    }
    assertEquals(expected, labels);
    assertTrue(files.get("bundle.Dockerfile").contains("COPY manifests /manifests/"));
    assertTrue(files.get("bundle.Dockerfile").contains("COPY metadata /metadata/"));
  }

  private static JsonNode parse(String json) {
    try {
      return Kustomize.YAML.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void write(Path root, Map<String, String> contents) throws IOException {
    for (Map.Entry<String, String> file : contents.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent() == null ? root : path.getParent());
      Files.writeString(path, file.getValue());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
