package dev.kanary.canary.fakes;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.router.Router;
import dev.kanary.router.Routes;
import dev.kanary.router.ServiceRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A router (and Service router) that keeps the split in memory and records every change. */
public final class RecordingRouter implements Router, ServiceRouter {

  /** The split currently applied. */
  public Routes routes = Routes.ALL_PRIMARY;

  /** Every split applied that differed from the one before. */
  public final List<Routes> history = new ArrayList<>();

  /** Every finalize call, by kind of object. */
  public final List<String> finalized = new ArrayList<>();

  @Override
  public void reconcile(Canary canary) {}

  @Override
  public void setRoutes(Canary canary, Routes split) {
    if (!split.equals(routes)) {
      history.add(split);
    }
    routes = split;
  }

  @Override
  public Routes getRoutes(Canary canary) {
    return routes;
  }

  @Override
  public void finalize(Canary canary) {
    finalized.add("routes");
    routes = Routes.ALL_PRIMARY;
  }

  @Override
  public void initialize(Canary canary, Map.Entry<String, String> selector) {}

  @Override
  public void reconcileApex(Canary canary, Map.Entry<String, String> selector) {}

  @Override
  public void finalize(Canary canary, Map.Entry<String, String> selector) {
    finalized.add("apex");
  }

  /**
   * The canary weights applied, in order.
   *
   * @return the weights
   */
  public List<Integer> canaryWeights() {
    return history.stream().map(Routes::canaryWeight).toList();
  }
}
