package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;

/**
 * Shifts a canary's traffic by writing the routing objects of one service mesh or ingress.
 *
 * <p>Every method is idempotent: calling it again with the same canary changes nothing, so the
 * engine can resume from status after a restart. A method that cannot do its work throws {@link
 * RoutingException} with a message naming the object; it never leaves the weights half-written.
 */
public interface Router {

  /**
   * Creates the routing objects of a canary, or brings them in line with its spec, keeping the
   * weights currently applied and the fields users may edit.
   *
   * @param canary the canary, with its current status
   * @throws RoutingException when an object cannot be read or written
   */
  void reconcile(Canary canary);

  /**
   * Applies a traffic split.
   *
   * @param canary the canary, with its current status
   * @param routes the split to apply
   * @throws RoutingException when the split cannot be written
   */
  void setRoutes(Canary canary, Routes routes);

  /**
   * Reads back the traffic split actually applied.
   *
   * @param canary the canary
   * @return the split in the routing objects
   * @throws RoutingException when the objects are missing or hold no route to primary and canary
   */
  Routes getRoutes(Canary canary);

  /**
   * Gives the traffic back to the target as it was before Kanary took over: restores the routing
   * objects a user had, or removes what Kanary generated. Called when a canary with {@code
   * revertOnDeletion} is deleted.
   *
   * @param canary the canary being deleted
   * @throws RoutingException when an object cannot be restored
   */
  void finalize(Canary canary);
}
