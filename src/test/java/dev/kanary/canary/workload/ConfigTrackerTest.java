package dev.kanary.canary.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config tracking through the Deployment controller: checksums, primary copies, references. */
class ConfigTrackerTest {

  private MockCluster cluster;
  private Canary canary;
  private DeploymentController controller;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    canary = cluster.canary("backend-canary.yaml");
    canary.getSpec().autoscalerRef = null;
    controller = tracking(true);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private DeploymentController tracking(boolean enabled) {
    return new DeploymentController(
        cluster.client, MockCluster.SELECTOR_LABELS, List.of("app.kubernetes.io"), enabled);
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("prod")
        .addToLabels("app.kubernetes.io/part-of", "shop")
        .addToLabels("team", "payments")
        .endMetadata()
        .withData(data)
        .build();
  }

  private static Secret secret(String name, String type, Map<String, String> plain) {
    Map<String, String> data =
        plain.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        Base64.getEncoder()
                            .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("prod")
        .endMetadata()
        .withType(type)
        .withData(data)
        .build();
  }

  /**
   * The backend using configs every way a pod can: a ConfigMap volume, a Secret volume, a projected
   * volume, env values, envFrom, in an init container too, and optional references.
   */
  private static DeploymentBuilder backend() {
    return MockCluster.deployment("backend", "prod")
        .editSpec()
        .editTemplate()
        .editSpec()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("backend-config")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName("backend-tls")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("bundle")
        .withNewProjected()
        .addNewSource()
        .withNewConfigMap()
        .withName("bundle-config")
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewSecret()
        .withName("bundle-secret")
        .endSecret()
        .endSource()
        .endProjected()
        .endVolume()
        .addNewVolume()
        .withName("extras")
        .withNewConfigMap()
        .withName("absent-extras")
        .withOptional(true)
        .endConfigMap()
        .endVolume()
        .editFirstContainer()
        .addNewEnv()
        .withName("DB_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("db")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName("backend-env")
        .withKey("level")
        .endConfigMapKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("FEATURE")
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName("absent-flags")
        .withKey("feature")
        .withOptional(true)
        .endConfigMapKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName("api-keys")
        .endSecretRef()
        .endEnvFrom()
        .endContainer()
        .addNewInitContainer()
        .withName("migrate")
        .withImage("migrate:1")
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName("migrations")
        .endConfigMapRef()
        .endEnvFrom()
        .endInitContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private void createConfigs() {
    cluster.create(configMap("backend-config", Map.of("config.yaml", "port: 9898")));
    cluster.create(configMap("backend-env", Map.of("level", "info")));
    cluster.create(configMap("bundle-config", Map.of("a", "1")));
    cluster.create(configMap("migrations", Map.of("DB_SCHEMA", "v7")));
    cluster.create(secret("backend-tls", "kubernetes.io/tls", Map.of("tls.crt", "cert")));
    cluster.create(secret("bundle-secret", "Opaque", Map.of("token", "t0ken")));
    cluster.create(secret("db", null, Map.of("password", "s3cret")));
    cluster.create(secret("api-keys", "kubernetes.io/basic-auth", Map.of("username", "u")));
  }

  @Test
  void tracksEveryWayAPodUsesConfigs() {
    createConfigs();
    cluster.create(backend().build());

    Map<String, String> tracked = controller.trackedConfigs(canary);

    assertEquals(
        List.of(
            "configmap/backend-config",
            "configmap/backend-env",
            "configmap/bundle-config",
            "configmap/migrations",
            "secret/api-keys",
            "secret/backend-tls",
            "secret/bundle-secret",
            "secret/db"),
        List.copyOf(tracked.keySet()));
    tracked.values().forEach(checksum -> assertTrue(checksum.matches("[0-9a-f]{16}"), checksum));
  }

  @Test
  void checksumIsFlaggersSha256OfTheJsonOfTheData() {
    cluster.create(configMap("backend-config", Map.of("b", "2", "a", "<1> & \"x\"")));
    cluster.create(secret("db", "Opaque", Map.of("password", "s3cret")));
    cluster.create(
        MockCluster.deployment("backend", "prod")
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("backend-config")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("db")
            .withNewSecret()
            .withSecretName("db")
            .endSecret()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    Map<String, String> tracked = controller.trackedConfigs(canary);

    assertEquals(
        Hashes.sha256Prefix(
            "{\"a\":\"\\u003c1\\u003e \\u0026 \\\"x\\\"\",\"b\":\"2\"}"
                .getBytes(StandardCharsets.UTF_8)),
        tracked.get("configmap/backend-config"));
    assertEquals(
        Hashes.sha256Prefix("{\"password\":\"czNjcmV0\"}".getBytes(StandardCharsets.UTF_8)),
        tracked.get("secret/db"));
  }

  @Test
  void checksumChangesWithTheDataOnly() {
    createConfigs();
    cluster.create(backend().build());
    Map<String, String> before = controller.trackedConfigs(canary);

    cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName("backend-env")
        .edit(
            cm -> {
              cm.getMetadata().getLabels().put("touched", "yes");
              return cm;
            });
    assertEquals(before, controller.trackedConfigs(canary), "metadata is not configuration");

    cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName("backend-env")
        .edit(
            cm -> {
              cm.getData().put("level", "debug");
              return cm;
            });
    Map<String, String> after = controller.trackedConfigs(canary);

    assertNotEquals(before.get("configmap/backend-env"), after.get("configmap/backend-env"));
    before.remove("configmap/backend-env");
    after.remove("configmap/backend-env");
    assertEquals(before, after);
  }

  @Test
  void binaryDataCountsForConfigMaps() {
    cluster.create(
        new ConfigMapBuilder(configMap("backend-config", Map.of("a", "1")))
            .withBinaryData(Map.of("logo.png", "iVBORw0K"))
            .build());
    cluster.create(
        MockCluster.deployment("backend", "prod")
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("backend-config")
            .endConfigMap()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    String withLogo = controller.trackedConfigs(canary).get("configmap/backend-config");

    cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName("backend-config")
        .edit(
            cm -> {
              cm.getBinaryData().put("logo.png", "R0lGODlh");
              return cm;
            });

    assertNotEquals(withLogo, controller.trackedConfigs(canary).get("configmap/backend-config"));
  }

  @Test
  void aMissingMandatoryConfigIsAnErrorNamingIt() {
    cluster.create(backend().build());
    cluster.create(configMap("backend-config", Map.of("a", "1")));

    WorkloadException error =
        assertThrows(WorkloadException.class, () -> controller.trackedConfigs(canary));

    assertEquals(
        "deployment backend.prod references missing configmap/backend-env, configmap/bundle-config,"
            + " configmap/migrations, secret/api-keys, secret/backend-tls, secret/bundle-secret,"
            + " secret/db",
        error.getMessage());
    assertThrows(WorkloadException.class, () -> controller.initialize(canary));
    assertNull(cluster.deployment(canary, "backend-primary"));
  }

  @Test
  void aConfigReferencedOptionallyAndMandatorilyIsMandatory() {
    cluster.create(
        MockCluster.deployment("backend", "prod")
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("shared")
            .withOptional(true)
            .endConfigMap()
            .endVolume()
            .editFirstContainer()
            .addNewEnvFrom()
            .withNewConfigMapRef()
            .withName("shared")
            .endConfigMapRef()
            .endEnvFrom()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    assertEquals(
        "deployment backend.prod references missing configmap/shared",
        assertThrows(WorkloadException.class, () -> controller.trackedConfigs(canary))
            .getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"disabled", "disable", "disabled-for-now"})
  void skipsConfigsWhoseTrackingIsDisabled(String annotation) {
    createConfigs();
    cluster.create(backend().build());
    cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName("backend-config")
        .edit(
            cm -> {
              cm.getMetadata().setAnnotations(Map.of("flagger.app/config-tracking", annotation));
              return cm;
            });

    assertFalse(controller.trackedConfigs(canary).containsKey("configmap/backend-config"));
  }

  @ParameterizedTest(name = "{0} tracked: {1}")
  @CsvSource({
    "Opaque, true",
    "kubernetes.io/basic-auth, true",
    "kubernetes.io/ssh-auth, true",
    "kubernetes.io/tls, true",
    "'', true",
    "kubernetes.io/dockerconfigjson, false",
    "kubernetes.io/dockercfg, false",
    "kubernetes.io/service-account-token, false",
    "bootstrap.kubernetes.io/token, false"
  })
  void tracksOnlySecretsThatConfigureTheApplication(String type, boolean tracked) {
    cluster.create(secret("db", type.isEmpty() ? null : type, Map.of("k", "v")));
    cluster.create(
        MockCluster.deployment("backend", "prod")
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("db")
            .withNewSecret()
            .withSecretName("db")
            .endSecret()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    assertEquals(tracked, controller.trackedConfigs(canary).containsKey("secret/db"));
  }

  @Test
  void initializeCopiesTheConfigsAndPointsThePrimaryAtTheCopies() {
    createConfigs();
    cluster.create(
        new ConfigMapBuilder(configMap("untracked", Map.of("x", "1")))
            .editMetadata()
            .addToAnnotations("flagger.app/config-tracking", "disabled")
            .endMetadata()
            .build());
    cluster.create(
        backend()
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("untracked")
            .withNewConfigMap()
            .withName("untracked")
            .endConfigMap()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    controller.initialize(canary);

    ConfigMap copy =
        cluster.client.configMaps().inNamespace("prod").withName("backend-config-primary").get();
    assertEquals(Map.of("config.yaml", "port: 9898"), copy.getData());
    assertEquals(Map.of("app.kubernetes.io/part-of", "shop"), copy.getMetadata().getLabels());
    OwnerReference owner = copy.getMetadata().getOwnerReferences().get(0);
    assertEquals("Canary", owner.getKind());
    assertEquals(canary.getMetadata().getUid(), owner.getUid());
    assertTrue(owner.getController());
    Secret tls = cluster.client.secrets().inNamespace("prod").withName("backend-tls-primary").get();
    assertEquals("kubernetes.io/tls", tls.getType());
    assertEquals(
        cluster.client.secrets().inNamespace("prod").withName("backend-tls").get().getData(),
        tls.getData());
    assertEquals(
        "Opaque",
        cluster.client.secrets().inNamespace("prod").withName("db-primary").get().getType());
    assertNull(cluster.client.configMaps().inNamespace("prod").withName("untracked-primary").get());

    PodSpec spec = cluster.deployment(canary, "backend-primary").getSpec().getTemplate().getSpec();
    assertEquals("backend-config-primary", spec.getVolumes().get(0).getConfigMap().getName());
    assertEquals("backend-tls-primary", spec.getVolumes().get(1).getSecret().getSecretName());
    assertEquals(
        "bundle-config-primary",
        spec.getVolumes().get(2).getProjected().getSources().get(0).getConfigMap().getName());
    assertEquals(
        "bundle-secret-primary",
        spec.getVolumes().get(2).getProjected().getSources().get(1).getSecret().getName());
    assertEquals("absent-extras", spec.getVolumes().get(3).getConfigMap().getName());
    assertEquals("untracked", spec.getVolumes().get(4).getConfigMap().getName());
    Container container = spec.getContainers().get(0);
    assertEquals(
        "db-primary", container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName());
    assertEquals(
        "backend-env-primary",
        container.getEnv().get(1).getValueFrom().getConfigMapKeyRef().getName());
    assertEquals(
        "absent-flags", container.getEnv().get(2).getValueFrom().getConfigMapKeyRef().getName());
    assertEquals("api-keys-primary", container.getEnvFrom().get(0).getSecretRef().getName());
    assertEquals(
        "migrations-primary",
        spec.getInitContainers().get(0).getEnvFrom().get(0).getConfigMapRef().getName());
  }

  @Test
  void promoteRewritesOnlyTheCopiesWhoseDataChanged() {
    createConfigs();
    cluster.create(backend().build());
    controller.initialize(canary);
    String envVersion = copyVersion("backend-env-primary");
    String configVersion = copyVersion("backend-config-primary");
    String dbVersion = secretCopyVersion("db-primary");

    controller.promote(canary);
    assertEquals(envVersion, copyVersion("backend-env-primary"));
    assertEquals(configVersion, copyVersion("backend-config-primary"));
    assertEquals(dbVersion, secretCopyVersion("db-primary"));

    cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName("backend-env")
        .edit(
            cm -> {
              cm.getData().put("level", "debug");
              return cm;
            });
    controller.promote(canary);

    assertNotEquals(envVersion, copyVersion("backend-env-primary"));
    assertEquals(
        "debug",
        cluster
            .client
            .configMaps()
            .inNamespace("prod")
            .withName("backend-env-primary")
            .get()
            .getData()
            .get("level"));
    assertEquals(configVersion, copyVersion("backend-config-primary"));
    assertEquals(dbVersion, secretCopyVersion("db-primary"));
  }

  private String copyVersion(String name) {
    return cluster
        .client
        .configMaps()
        .inNamespace("prod")
        .withName(name)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private String secretCopyVersion(String name) {
    return cluster
        .client
        .secrets()
        .inNamespace("prod")
        .withName(name)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  @Test
  void keepsTheOtherOwnersOfASharedCopyAsNonControllers() {
    createConfigs();
    OwnerReference other =
        new OwnerReferenceBuilder()
            .withApiVersion("flagger.app/v1beta1")
            .withKind("Canary")
            .withName("frontend")
            .withUid("uid-of-frontend")
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    cluster.create(
        new ConfigMapBuilder(configMap("backend-env-primary", Map.of("level", "info")))
            .editMetadata()
            .withLabels(Map.of("app.kubernetes.io/part-of", "shop"))
            .withOwnerReferences(other)
            .endMetadata()
            .build());
    cluster.create(backend().build());

    controller.initialize(canary);

    List<OwnerReference> owners =
        cluster
            .client
            .configMaps()
            .inNamespace("prod")
            .withName("backend-env-primary")
            .get()
            .getMetadata()
            .getOwnerReferences();
    assertEquals(2, owners.size());
    assertEquals("backend", owners.get(0).getName());
    assertTrue(owners.get(0).getController());
    assertEquals("frontend", owners.get(1).getName());
    assertFalse(owners.get(1).getController());
  }

  @Test
  void withTrackingOffNothingIsTrackedNorCopied() {
    createConfigs();
    cluster.create(backend().build());
    DeploymentController untracked = tracking(false);

    assertEquals(Map.of(), untracked.trackedConfigs(canary));
    untracked.initialize(canary);

    assertNull(
        cluster.client.configMaps().inNamespace("prod").withName("backend-config-primary").get());
    assertEquals(
        "backend-config",
        cluster
            .deployment(canary, "backend-primary")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .get(0)
            .getConfigMap()
            .getName());
  }

  @Test
  void aSecretWrittenAsStringDataHasTheChecksumOfItsEncodedData() {
    cluster.create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("db")
            .withNamespace("prod")
            .endMetadata()
            .withStringData(Map.of("password", "s3cret"))
            .build());
    cluster.create(
        MockCluster.deployment("backend", "prod")
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("db")
            .withNewSecret()
            .withSecretName("db")
            .endSecret()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    assertEquals(
        Hashes.sha256Prefix("{\"password\":\"czNjcmV0\"}".getBytes(StandardCharsets.UTF_8)),
        controller.trackedConfigs(canary).get("secret/db"));
    controller.initialize(canary);
    assertEquals(
        Map.of("password", "czNjcmV0"),
        cluster.client.secrets().inNamespace("prod").withName("db-primary").get().getData());
  }
}
