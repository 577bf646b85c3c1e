package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;

/**
 * The router of provider {@code kubernetes}: there is no mesh, so traffic is never split; the apex
 * Service always selects the primary pods, and promotion switches versions by updating the primary.
 */
public class NopRouter implements Router {

  @Override
  public void reconcile(Canary canary) {}

  @Override
  public void setRoutes(Canary canary, Routes routes) {}

  @Override
  public Routes getRoutes(Canary canary) {
    return Routes.ALL_PRIMARY;
  }

  @Override
  public void finalize(Canary canary) {}
}
