package dev.kanary.sandbox.mesh;

/**
 * What the simulated mesh answered to one request.
 *
 * @param code the HTTP status code
 * @param latencyMillis how long the workload took to answer
 * @param namespace the namespace of the workload that answered, or null when none did
 * @param workload the workload that answered, or null when none did
 */
public record MeshResponse(int code, double latencyMillis, String namespace, String workload) {

  /**
   * An answer no workload gave: the host is unknown or has no ready endpoint.
   *
   * @param code 404 or 503
   * @return the response
   */
  static MeshResponse unrouted(int code) {
    return new MeshResponse(code, 0, null, null);
  }
}
