package dev.kanary.canary;

/** The deployment strategies of a canary, named as Flagger names them in metrics. */
public enum DeploymentStrategy {
  /** Weighted traffic shifting, step by step. */
  CANARY("canary"),
  /** Matched requests (headers, cookies) to the canary for a number of iterations. */
  AB_TESTING("ab-testing"),
  /** All or mirrored traffic to the canary after a number of iterations. */
  BLUE_GREEN("blue-green");

  private final String label;

  DeploymentStrategy(String label) {
    this.label = label;
  }

  /**
   * The strategy's name in Flagger's metrics ({@code deployment_strategy} label).
   *
   * @return for example {@code ab-testing}
   */
  public String label() {
    return label;
  }
}
