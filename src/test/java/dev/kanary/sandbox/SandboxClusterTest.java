package dev.kanary.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxClusterTest {

  @TempDir Path home;

  @ParameterizedTest(name = "{0} kubeconfig={1} in-pod={2} file={3} url={4} -> {5}")
  @CsvSource({
    "true, false, false, false, true, true",
    "false, false, false, false, false, false",
    ", false, false, false, false, false",
    "auto, false, false, false, false, true",
    "AUTO, false, false, false, false, true",
    "auto, true, false, false, false, false",
    "auto, false, true, false, false, false",
    "auto, false, false, true, false, false",
    "auto, false, false, false, true, false",
  })
  void selectsTheSandboxOnlyWhenAskedOrWhenNoClusterIsConfigured(
      String setting,
      boolean kubeconfigVariable,
      boolean inPod,
      boolean kubeconfigFile,
      boolean apiServerUrl,
      boolean expected)
      throws IOException {
    Map<String, String> environment =
        kubeconfigVariable
            ? Map.of("KUBECONFIG", "/x")
            : inPod ? Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1") : Map.of();
    if (kubeconfigFile) {
      Files.createDirectories(home.resolve(".kube"));
      Files.writeString(home.resolve(".kube/config"), "apiVersion: v1");
    }
    assertEquals(expected, SandboxCluster.selected(setting, environment, home, apiServerUrl));
  }
}
