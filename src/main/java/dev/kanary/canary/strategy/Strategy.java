package dev.kanary.canary.strategy;

import dev.kanary.canary.Step;

/**
 * Advances a canary whose analysis passed by one step of its deployment strategy: more weight, one
 * more iteration, or promotion once the strategy is done.
 */
public interface Strategy {

  /**
   * Takes the next step.
   *
   * @param step the step, whose checks all passed
   */
  void advance(Step step);
}
