package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.fakes.FakeMetrics;
import dev.kanary.canary.fakes.FakeWebhooks;
import dev.kanary.canary.fakes.FakeWorkloads;
import dev.kanary.canary.fakes.RecordingAlerts;
import dev.kanary.canary.fakes.RecordingEvents;
import dev.kanary.canary.fakes.RecordingRouter;
import dev.kanary.canary.fakes.VirtualClock;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Drives the engine over a canary with fakes and a virtual clock, as the reconciler would. */
public final class EngineHarness {

  public final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
  public final FakeWorkloads workloads = new FakeWorkloads();
  public final RecordingRouter router = new RecordingRouter();
  public final FakeMetrics metrics = new FakeMetrics();
  public final FakeWebhooks webhooks = new FakeWebhooks();
  public final RecordingAlerts alerts = new RecordingAlerts();
  public final RecordingEvents events = new RecordingEvents();
  final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  final dev.kanary.metrics.FlaggerMetrics telemetry =
      new dev.kanary.metrics.FlaggerMetrics(registry, "test", "istio");
  private final dev.kanary.notifier.AlertSender alertSender;
  CanaryEngine engine;

  /** The canary under test. */
  public Canary canary;

  EngineHarness(String manifest) {
    this(manifest, null);
  }

  /**
   * Creates a harness.
   *
   * @param manifest a manifest in {@code manifests/valid/}
   * @param alertSender the alert sender, or null to record alerts in {@link #alerts}
   */
  public EngineHarness(String manifest, dev.kanary.notifier.AlertSender alertSender) {
    this.alertSender = alertSender;
    canary =
        Serialization.unmarshal(
            EngineHarness.class.getResourceAsStream("/manifests/valid/" + manifest), Canary.class);
    engine = newEngine();
  }

  CanaryEngine newEngine() {
    CanaryEvents sink = new CanaryEvents(events, webhooks, Optional.empty(), Runnable::run, clock);
    return new CanaryEngine(
        new Collaborators(
            c -> workloads,
            p -> router,
            router,
            metrics,
            webhooks,
            alertSender == null ? alerts : alertSender,
            sink,
            telemetry,
            clock),
        "istio");
  }

  /** Runs one step, then lets the virtual clock pass the interval. */
  public void step() {
    Duration next = engine.step(canary);
    clock.advance(next);
  }

  /** Restarts the operator: a new engine, and the canary as read back from the API server. */
  void restart() {
    canary = Serialization.unmarshal(Serialization.asJson(canary), Canary.class);
    engine = newEngine();
  }

  public void steps(int count) {
    for (int i = 0; i < count; i++) {
      step();
    }
  }

  /** Steps until the canary reaches a phase, failing after a bound. */
  public void stepUntil(CanaryPhase phase) {
    for (int i = 0; i < 100 && phase() != phase; i++) {
      step();
    }
    if (phase() != phase) {
      throw new AssertionError("never reached " + phase + "; events: " + events.messages);
    }
  }

  /** Initializes the canary and rolls out a new revision of the target. */
  public void initializeAndChangeRevision() {
    stepUntil(CanaryPhase.INITIALIZED);
    workloads.revision = "00000000000000b2";
  }

  int settingsThreshold() {
    return AnalysisSettings.of(
            canary, canary.getSpec().provider == null ? "istio" : canary.getSpec().provider)
        .threshold();
  }

  String name() {
    return Names.of(canary);
  }

  CanaryPhase phase() {
    return CanaryStatuses.phase(canary);
  }

  int mark() {
    return events.messages.size();
  }

  List<String> eventsSince(int mark) {
    return List.copyOf(events.messages.subList(mark, events.messages.size()));
  }
}
