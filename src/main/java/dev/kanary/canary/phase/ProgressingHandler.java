package dev.kanary.canary.phase;

import dev.kanary.canary.DeploymentStrategy;
import dev.kanary.canary.strategy.Strategy;
import java.util.Map;

/** Progressing: analyses the canary at every step and advances its strategy. */
public class ProgressingHandler extends AnalysisHandler {

  /**
   * Creates the handler.
   *
   * @param strategies the strategy of each deployment strategy
   */
  public ProgressingHandler(Map<DeploymentStrategy, Strategy> strategies) {
    super(strategies);
  }
}
