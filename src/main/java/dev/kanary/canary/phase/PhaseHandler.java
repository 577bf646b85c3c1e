package dev.kanary.canary.phase;

import dev.kanary.canary.Step;

/**
 * Runs one step of a canary that is in a given phase.
 *
 * <p>A handler may change the canary's status (the engine patches it once the step ends), call the
 * step's collaborators and record Events; it never calls the Kubernetes API or an HTTP endpoint
 * itself. Steps are idempotent: a step interrupted by a restart is run again from the status that
 * was last written.
 */
public interface PhaseHandler {

  /**
   * Runs the step.
   *
   * @param step the step, with the canary, its settings and collaborators
   */
  void handle(Step step);
}
