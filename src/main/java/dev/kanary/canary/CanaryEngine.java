package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.phase.FailedHandler;
import dev.kanary.canary.phase.FinalisingHandler;
import dev.kanary.canary.phase.InitializedHandler;
import dev.kanary.canary.phase.InitializingHandler;
import dev.kanary.canary.phase.PhaseHandler;
import dev.kanary.canary.phase.ProgressingHandler;
import dev.kanary.canary.phase.PromotingHandler;
import dev.kanary.canary.phase.SucceededHandler;
import dev.kanary.canary.phase.WaitingHandler;
import dev.kanary.canary.phase.WaitingPromotionHandler;
import dev.kanary.canary.strategy.AbTestingStrategy;
import dev.kanary.canary.strategy.BlueGreenStrategy;
import dev.kanary.canary.strategy.Strategy;
import dev.kanary.canary.strategy.WeightedStrategy;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.canary.workload.WorkloadException;
import dev.kanary.notifier.Severity;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The rollout engine: runs one step of a canary, dispatched to the handler of its phase.
 *
 * <p>The phases and their transitions:
 *
 * <pre>
 *   (none) → Initializing → Initialized ──(new revision)──→ [Waiting] → Progressing
 *   Progressing ⇄ WaitingPromotion → Promoting → Finalising → Succeeded
 *   Progressing / Waiting / WaitingPromotion → Failed   (failed checks, rollback webhook, deadline)
 *   Promoting / Finalising → Failed                     (primary never became ready)
 *   Succeeded / Failed ──(new revision)──→ [Waiting] → Progressing
 *   any ──(deleted, revertOnDeletion)──→ Terminating
 * </pre>
 *
 * <p>Every step reads what it needs from the canary's status and writes its progress back there;
 * the caller patches the status once the step ends, so the engine can be stopped between any two
 * steps and resumes where it was.
 */
public class CanaryEngine {

  private static final Set<CanaryPhase> IDLE =
      EnumSet.of(
          CanaryPhase.INITIALIZED, CanaryPhase.SUCCEEDED, CanaryPhase.FAILED, CanaryPhase.WAITING);

  private static final Set<CanaryPhase> ANALYSING =
      EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING_PROMOTION);

  private static final Set<CanaryPhase> PROMOTING =
      EnumSet.of(CanaryPhase.PROMOTING, CanaryPhase.FINALISING);

  private final Collaborators with;
  private final String defaultProvider;
  private final Map<CanaryPhase, PhaseHandler> handlers = new EnumMap<>(CanaryPhase.class);

  /**
   * Creates the engine.
   *
   * @param with the collaborators
   * @param defaultProvider the provider of canaries that name none
   */
  public CanaryEngine(Collaborators with, String defaultProvider) {
    this.with = with;
    this.defaultProvider = defaultProvider;
    Map<DeploymentStrategy, Strategy> strategies = new EnumMap<>(DeploymentStrategy.class);
    strategies.put(DeploymentStrategy.CANARY, new WeightedStrategy());
    strategies.put(DeploymentStrategy.AB_TESTING, new AbTestingStrategy());
    strategies.put(DeploymentStrategy.BLUE_GREEN, new BlueGreenStrategy());
    InitializingHandler initializing = new InitializingHandler();
    handlers.put(CanaryPhase.NONE, initializing);
    handlers.put(CanaryPhase.INITIALIZING, initializing);
    handlers.put(CanaryPhase.INITIALIZED, new InitializedHandler());
    handlers.put(CanaryPhase.WAITING, new WaitingHandler());
    handlers.put(CanaryPhase.PROGRESSING, new ProgressingHandler(strategies));
    handlers.put(CanaryPhase.WAITING_PROMOTION, new WaitingPromotionHandler(strategies));
    handlers.put(CanaryPhase.PROMOTING, new PromotingHandler());
    handlers.put(CanaryPhase.FINALISING, new FinalisingHandler());
    handlers.put(CanaryPhase.SUCCEEDED, new SucceededHandler());
    handlers.put(CanaryPhase.FAILED, new FailedHandler());
  }

  /**
   * Notes how late an analysis step starts after the moment its interval made it due, for {@code
   * kanary_schedule_lag_seconds}.
   *
   * @param late how late it starts, zero when on time
   */
  public void startedLate(Duration late) {
    with.telemetry().scheduleLag(late);
  }

  /**
   * Runs one step of a canary, changing its status in place.
   *
   * @param canary the canary, with the status last written
   * @return when the next step is due
   */
  public Duration step(Canary canary) {
    String provider =
        canary.getSpec().provider != null ? canary.getSpec().provider : defaultProvider;
    Step step = new Step(canary, provider, with);
    if (Boolean.TRUE.equals(canary.getSpec().suspend)) {
      step.info("skipping canary run as object is suspended");
      return step.settings().interval();
    }
    CanaryPhase phase = step.phase();
    long started = System.nanoTime();
    try {
      if (!IDLE.contains(phase)) {
        step.prepare();
      }
      if (primaryBlocks(step, phase)) {
        return step.settings().interval();
      }
      PhaseHandler handler = handlers.get(phase);
      if (handler != null) {
        handler.handle(step);
      }
    } catch (WorkloadException | RoutingException e) {
      step.warn(e.getMessage());
    }
    record(step, phase, Duration.ofNanos(System.nanoTime() - started));
    return step.settings().interval();
  }

  private void record(Step step, CanaryPhase phaseBefore, Duration took) {
    RolloutMetrics telemetry = with.telemetry();
    telemetry.phase(step.canary(), step.phase());
    step.knownRoutes()
        .ifPresent(r -> telemetry.weights(step.canary(), r.primaryWeight(), r.canaryWeight()));
    if (ANALYSING.contains(phaseBefore)) {
      telemetry.stepDuration(step.canary(), took);
    }
  }

  /**
   * Checks the primary before an analysing or promoting step: while it is rolling out the step
   * waits; if it never becomes ready, an analysis is rolled back and a promotion fails.
   */
  private static boolean primaryBlocks(Step step, CanaryPhase phase) {
    if (!(ANALYSING.contains(phase) || PROMOTING.contains(phase)) || step.skipAnalysis()) {
      return false;
    }
    Readiness primary = step.workloads().primaryReadiness(step.canary());
    if (primary.ready()) {
      return false;
    }
    step.warn(Names.primary(step.canary()) + " not ready: " + primary.message());
    if (!primary.retriable()) {
      if (PROMOTING.contains(phase)) {
        failPromotion(step, primary.message());
      } else {
        Rollback.deadlineExceeded(step, primary.message());
      }
    }
    return true;
  }

  private static void failPromotion(Step step, String error) {
    step.route(new Routes(0, 100, false));
    step.sync(CanaryPhase.FAILED, 100, step.iterations(), step.failedChecks());
    step.warn(
        "Promotion of " + Names.target(step.canary()) + " failed, primary not ready: " + error);
    step.alert(Severity.ERROR, "Promotion failed, primary not ready: " + error, false);
  }

  /**
   * Gives a deleted canary's traffic and pods back to its target ({@code revertOnDeletion}).
   *
   * @param canary the canary being deleted
   * @return true when done and the finalizer can be removed; false to try again later
   */
  public boolean finalize(Canary canary) {
    String provider =
        canary.getSpec().provider != null ? canary.getSpec().provider : defaultProvider;
    Step step = new Step(canary, provider, with);
    try {
      if (step.phase() != CanaryPhase.TERMINATING) {
        step.info("Terminating canary " + Names.of(canary));
        step.sync(CanaryPhase.TERMINATING, 0, 0, 0);
      }
      var selector = step.workloads().selector(canary);
      step.workloads().finalize(canary);
      Readiness target = step.workloads().canaryReadiness(canary);
      if (!target.ready() && target.retriable()) {
        step.warn("canary " + Names.target(canary) + " not ready: " + target.message());
        return false;
      }
      with.services().finalize(canary, selector);
      step.router().finalize(canary);
      step.info("Terminated canary " + Names.of(canary));
      return true;
    } catch (WorkloadException | RoutingException e) {
      step.warn(e.getMessage());
      return false;
    }
  }

  /**
   * The time between two steps of a canary.
   *
   * @param canary the canary
   * @return its analysis interval
   */
  public Duration interval(Canary canary) {
    String provider =
        canary.getSpec().provider != null ? canary.getSpec().provider : defaultProvider;
    return AnalysisSettings.of(canary, provider).interval();
  }
}
