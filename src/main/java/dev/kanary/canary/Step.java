package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.canary.workload.WorkloadController;
import dev.kanary.notifier.Severity;
import dev.kanary.router.Router;
import dev.kanary.router.Routes;
import java.time.Instant;

/** One step of one canary: the canary, its resolved settings and the collaborators to use. */
public final class Step {

  private final Canary canary;
  private final AnalysisSettings settings;
  private final String provider;
  private final Collaborators with;
  private final WorkloadController workloads;
  private Router router;
  private final Instant now;
  private Routes routes;

  /**
   * Creates a step.
   *
   * @param canary the canary, whose status the step changes
   * @param provider the canary's resolved provider
   * @param with the collaborators
   */
  public Step(Canary canary, String provider, Collaborators with) {
    this.canary = canary;
    this.provider = provider;
    this.with = with;
    this.settings = AnalysisSettings.of(canary, provider);
    this.workloads = with.workloads().apply(canary);
    this.now = with.clock().instant();
  }

  /**
   * The canary.
   *
   * @return the canary
   */
  public Canary canary() {
    return canary;
  }

  /**
   * The canary's status, never null.
   *
   * @return the status
   */
  public CanaryStatus status() {
    return CanaryStatuses.of(canary);
  }

  /**
   * The current phase.
   *
   * @return the phase
   */
  public CanaryPhase phase() {
    return CanaryStatuses.phase(canary);
  }

  /**
   * The resolved analysis settings.
   *
   * @return the settings
   */
  public AnalysisSettings settings() {
    return settings;
  }

  /**
   * The provider routing this canary's traffic.
   *
   * @return for example {@code istio}
   */
  public String provider() {
    return provider;
  }

  /**
   * The collaborators.
   *
   * @return them
   */
  public Collaborators with() {
    return with;
  }

  /**
   * The canary's workload controller.
   *
   * @return it
   */
  public WorkloadController workloads() {
    return workloads;
  }

  /**
   * The canary's router.
   *
   * @return it
   */
  public Router router() {
    if (router == null) {
      router = with.routers().apply(provider);
    }
    return router;
  }

  /**
   * The time of this step.
   *
   * @return it
   */
  public Instant now() {
    return now;
  }

  /**
   * The traffic split read back from the router at the start of the step.
   *
   * @return the split
   */
  public Routes routes() {
    if (routes == null) {
      routes = router().getRoutes(canary);
    }
    return routes;
  }

  /**
   * The traffic split if this step read or wrote it.
   *
   * @return the split, or empty when the step did not touch the routes
   */
  public java.util.Optional<Routes> knownRoutes() {
    return java.util.Optional.ofNullable(routes);
  }

  /**
   * Applies a traffic split and remembers it.
   *
   * @param split the split
   */
  public void route(Routes split) {
    router().setRoutes(canary, split);
    routes = split;
  }

  /**
   * Records an informational Event.
   *
   * @param message Flagger's text
   */
  public void info(String message) {
    with.events().info(canary, message);
  }

  /**
   * Records a warning Event.
   *
   * @param message Flagger's text
   */
  public void warn(String message) {
    with.events().warn(canary, message);
  }

  /**
   * Sends a chat alert.
   *
   * @param severity how serious it is
   * @param message Flagger's alert text
   * @param withDetails whether the canary's details are added
   */
  public void alert(Severity severity, String message, boolean withDetails) {
    with.alerts().send(canary, severity, message, withDetails);
  }

  /**
   * Moves the canary to a phase with its counters.
   *
   * @param phase the phase
   * @param canaryWeight the weight
   * @param iterations the iterations
   * @param failedChecks the failed checks
   */
  public void sync(CanaryPhase phase, int canaryWeight, int iterations, int failedChecks) {
    CanaryStatuses.sync(canary, phase, canaryWeight, iterations, failedChecks, now);
  }

  /**
   * Brings the generated objects in line with the spec: the primary and canary Services, the
   * primary workload (created if missing), the apex Service and the routing objects. Each writes
   * only what differs.
   */
  public void prepare() {
    var selector = workloads.selector(canary);
    with.services().initialize(canary, selector);
    workloads.initialize(canary);
    with.services().reconcileApex(canary, selector);
    router().reconcile(canary);
  }

  /**
   * Whether the analysis is skipped ({@code skipAnalysis}, or no analysis at all).
   *
   * @return true when every revision is promoted at once
   */
  public boolean skipAnalysis() {
    return Boolean.TRUE.equals(canary.getSpec().skipAnalysis)
        || (canary.getSpec().analysis == null && canary.getSpec().canaryAnalysis == null);
  }

  /**
   * The failed checks counted so far.
   *
   * @return the count
   */
  public int failedChecks() {
    return status().failedChecks == null ? 0 : status().failedChecks;
  }

  /**
   * The iterations done so far.
   *
   * @return the count
   */
  public int iterations() {
    return status().iterations == null ? 0 : status().iterations;
  }

  /**
   * The canary weight, as the router applies it.
   *
   * @return the weight
   */
  public int canaryWeight() {
    return routes().canaryWeight();
  }
}
