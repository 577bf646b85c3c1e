package dev.kanary.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The sandbox's simulated Kubernetes API server: the fabric8 mock server in CRUD mode, on a free
 * loopback port, one per process.
 */
public final class SandboxCluster {

  /** The name of the configuration source that points the client at the sandbox. */
  static final String SOURCE_NAME = "KanarySandbox";

  /** The property that holds the Kubernetes API server URL. */
  static final String API_SERVER_URL = "quarkus.kubernetes-client.api-server-url";

  private static final String URL_PROPERTY = "dev.kanary.sandbox.url";

  private SandboxCluster() {}

  /**
   * Starts the simulated API server unless it runs already in this process: Quarkus reads the
   * configuration in more than one class loader (at build time and at run time), and each must see
   * the same server.
   *
   * @param port the loopback port to listen on, 0 for a free one
   * @return its base URL
   */
  public static String start(int port) {
    synchronized (System.class) {
      String running = System.getProperty(URL_PROPERTY);
      if (running != null) {
        return running;
      }
      KubernetesMockServer server = newServer(port);
      String url = "http://" + server.getHostName() + ":" + server.getPort();
      System.setProperty(URL_PROPERTY, url);
      return url;
    }
  }

  /**
   * The URL of the simulated API server running in this process, if one does: when the
   * configuration is read again (at run time after build time), the sandbox it selected stays
   * selected although an API server URL is then set.
   *
   * @return its base URL, or empty
   */
  static Optional<String> running() {
    return Optional.ofNullable(System.getProperty(URL_PROPERTY));
  }

  /**
   * Starts a new simulated API server: the fabric8 mock server in CRUD mode on a free loopback
   * port, the same the sandbox runs and the tests use.
   *
   * @return the started server; the caller destroys it
   */
  public static KubernetesMockServer newServer() {
    return newServer(0);
  }

  /**
   * Starts a new simulated API server on the given loopback port.
   *
   * @param port the port, 0 for a free one
   * @return the started server; the caller destroys it
   */
  static KubernetesMockServer newServer(int port) {
    KubernetesMockServer started =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    started.init(InetAddress.getLoopbackAddress(), port);
    return started;
  }

  /**
   * Tells whether the Kubernetes client is pointed at the sandbox. The sandbox's URL is kept in a
   * system property because dev mode loads this class in more than one class loader (the
   * configuration is read while the application is built, and the client's URL is fixed then).
   *
   * @return true when the configured API server URL is the sandbox's
   */
  public static boolean isActive() {
    String sandbox = System.getProperty(URL_PROPERTY);
    return sandbox != null
        && sandbox.equals(
            ConfigProvider.getConfig().getOptionalValue(API_SERVER_URL, String.class).orElse(null));
  }

  /**
   * Decides whether a setting of {@code kanary.sandbox.enabled} selects the sandbox.
   *
   * @param setting {@code true}, {@code false} or {@code auto}
   * @param environment the process environment
   * @param home the user's home directory
   * @param apiServerUrlSet whether an API server URL is configured explicitly
   * @return true when the sandbox must be used
   */
  static boolean selected(
      String setting, Map<String, String> environment, Path home, boolean apiServerUrlSet) {
    return switch (setting == null ? "false" : setting.trim().toLowerCase()) {
      case "true" -> true;
      case "auto" ->
          !apiServerUrlSet
              && environment.get("KUBECONFIG") == null
              && environment.get("KUBERNETES_SERVICE_HOST") == null
              && !Files.exists(home.resolve(".kube").resolve("config"));
      default -> false;
    };
  }
}
