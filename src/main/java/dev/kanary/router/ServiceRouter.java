package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;
import java.util.Map;

/**
 * Manages the three ClusterIP Services of a canary, whatever its mesh: {@code <apex>-primary} and
 * {@code <apex>-canary} selecting the primary and canary pods, and the apex Service that clients
 * call, which Kanary points at the primary pods.
 */
public interface ServiceRouter {

  /**
   * Creates or updates the primary and canary Services.
   *
   * @param canary the canary
   * @param selector the pod label key and the target's value of it
   * @throws RoutingException when a Service cannot be written
   */
  void initialize(Canary canary, Map.Entry<String, String> selector);

  /**
   * Creates the apex Service, or points an existing one at the primary pods, keeping what a user
   * needs to restore it.
   *
   * @param canary the canary
   * @param selector the pod label key and the target's value of it
   * @throws RoutingException when the Service cannot be written
   */
  void reconcileApex(Canary canary, Map.Entry<String, String> selector);

  /**
   * Points the apex Service back at the target's pods, as it was before Kanary took over.
   *
   * @param canary the canary being deleted
   * @param selector the pod label key and the target's value of it
   * @throws RoutingException when the Service cannot be written
   */
  void finalize(Canary canary, Map.Entry<String, String> selector);
}
