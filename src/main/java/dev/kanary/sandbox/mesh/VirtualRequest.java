package dev.kanary.sandbox.mesh;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request sent into the simulated mesh.
 *
 * @param client who sends it, for the mesh's per-client counters (for example {@code safari})
 * @param sourceNamespace the namespace the request leaves from, to resolve short host names
 * @param host the host it is addressed to, with or without a port: a Service ({@code
 *     backend-canary.prod:9898}) or a name served by a gateway ({@code app.example.com})
 * @param method the HTTP method
 * @param path the path, podinfo's {@code /status/<code>} and {@code /delay/<seconds>} included
 * @param headers its headers, names in lower case
 */
public record VirtualRequest(
    String client,
    String sourceNamespace,
    String host,
    String method,
    String path,
    Map<String, String> headers) {

  /** Normalizes header names to lower case, as HTTP/2 and Envoy see them. */
  public VirtualRequest {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    headers = Map.copyOf(lower);
  }

  /**
   * A GET of {@code /} from a client in a namespace.
   *
   * @param client who sends it
   * @param sourceNamespace the namespace it leaves from
   * @param host the host it is addressed to
   * @param headers its headers
   * @return the request
   */
  public static VirtualRequest get(
      String client, String sourceNamespace, String host, Map<String, String> headers) {
    return new VirtualRequest(client, sourceNamespace, host, "GET", "/", headers);
  }

  /**
   * A header's value.
   *
   * @param name its name, in any case
   * @return its value, or null
   */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The host without its port.
   *
   * @return the host name
   */
  public String hostName() {
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
