package dev.kanary.canary.phase;

import dev.kanary.canary.DeploymentStrategy;
import dev.kanary.canary.strategy.Strategy;
import java.util.Map;

/**
 * WaitingPromotion: keeps analysing the canary (failed checks can still roll it back) and asks the
 * confirm-promotion webhooks again at every step.
 */
public class WaitingPromotionHandler extends AnalysisHandler {

  /**
   * Creates the handler.
   *
   * @param strategies the strategy of each deployment strategy
   */
  public WaitingPromotionHandler(Map<DeploymentStrategy, Strategy> strategies) {
    super(strategies);
  }
}
