package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A fabric8 mock API server in CRUD mode with a client of it, and the test files of one router
 * under {@code src/test/resources/router/<router>/}, for one router test.
 */
public class RouterCluster implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String router;
  private final String canaryUid;

  /**
   * Starts the server.
   *
   * @param router the router's folder under {@code router/} in the test resources
   * @param canaryUid the UID given to every canary loaded by {@link #canary}
   */
  protected RouterCluster(String router, String canaryUid) {
    this.server = SandboxCluster.newServer();
    this.client = server.createClient();
    this.router = router;
    this.canaryUid = canaryUid;
  }

  /**
   * The client of the server.
   *
   * @return it
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Requests the server has received so far.
   *
   * @return the count
   */
  public int requests() {
    return server.getRequestCount();
  }

  /**
   * Loads a canary from the router's {@code canaries/} folder, with the cluster's canary UID.
   *
   * @param file the file's name
   * @return the canary
   */
  public Canary canary(String file) {
    Canary canary = load("canaries/" + file, Canary.class);
    canary.getMetadata().setUid(canaryUid);
    return canary;
  }

  /**
   * Loads an object from the router's test resources.
   *
   * @param file the file's path under the router's folder
   * @param type the object's type
   * @param <T> the object's type
   * @return the object
   */
  public <T> T load(String file, Class<T> type) {
    try (InputStream in = getClass().getResourceAsStream("/router/" + router + "/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no file " + file);
      }
      return client.getKubernetesSerialization().unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a YAML object, for example a routing object a user had before Kanary.
   *
   * @param yaml the object
   * @return it
   */
  public GenericKubernetesResource object(String yaml) {
    return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
