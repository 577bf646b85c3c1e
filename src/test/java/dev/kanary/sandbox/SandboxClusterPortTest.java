package dev.kanary.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SandboxClusterPortTest {

  @Test
  void listensOnTheRequestedPort() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    KubernetesMockServer server = SandboxCluster.newServer(port);
    try {
      assertEquals(port, server.getPort());
      assertEquals(
          0, server.createClient().namespaces().list().getItems().size(), "the server answers");
    } finally {
      server.destroy();
    }
  }
}
