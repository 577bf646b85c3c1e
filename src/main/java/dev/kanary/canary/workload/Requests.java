package dev.kanary.canary.workload;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Turns the Kubernetes client's failures into {@link WorkloadException}s naming the object. */
final class Requests {

  private Requests() {}

  /**
   * Sends a request to the API server.
   *
   * @param what the request, naming the object, for example {@code updating deployment
   *     backend-primary.prod}
   * @param request the request
   * @param <T> the type of the answer
   * @return the answer
   * @throws WorkloadException when the request fails
   */
  static <T> T send(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw new WorkloadException(what + " failed: " + e.getMessage(), e);
    }
  }
}
