package dev.kanary.leader;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.config.KanaryConfig;
import dev.kanary.controller.CanaryReconciler;
import dev.kanary.controller.EngineProducer;
import dev.kanary.controller.ValidationReporter;
import dev.kanary.events.EventRecorder;
import dev.kanary.events.KubernetesEventRecorder;
import dev.kanary.router.RouterFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Ignore;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Kanary replica inside the test JVM: its own Kubernetes client, rollout engine and
 * CanaryReconciler, wired as {@link EngineProducer} wires them in production, run by its own Java
 * Operator SDK {@link Operator} that campaigns for the shared Lease. It counts its reconciliations
 * and writes the Events it records into a journal shared by all replicas, tagged with its identity.
 * Status is written with merge patches, as Kanary configures the operator ({@code
 * quarkus.operator-sdk.enable-ssa=false}).
 */
final class Replica {

  /** The Lease both replicas campaign for. */
  static final String LEASE = "kanary-leader-election";

  /** The namespace of the Lease. */
  static final String LEASE_NAMESPACE = "kanary-system";

  final String identity;
  final KubernetesClient client;
  final AtomicInteger reconciles = new AtomicInteger();
  private final Operator operator;
  private final ReentrantLock working = new ReentrantLock();
  private volatile boolean crashed;

  Replica(SimulatedApiServer server, String identity, LeaseTimings timings, List<String> journal) {
    this.identity = identity;
    this.client = server.newClient();
    CanaryReconciler reconciler = newReconciler(client, journaling(client, identity, journal));
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                    .withLeaderElectionConfiguration(
                        LeaderElections.configuration(
                            LEASE, Optional.of(LEASE_NAMESPACE), identity, timings, false)));
    operator.register(new Counting(reconciler));
  }

  /**
   * A CanaryReconciler wired as in production.
   *
   * @param client the client of the replica
   * @param events where Events go
   * @return the reconciler
   */
  static CanaryReconciler newReconciler(KubernetesClient client, EventRecorder events) {
    KanaryConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(KanaryConfig.class)
            .build()
            .getConfigMapping(KanaryConfig.class);
    Clock clock = Clock.systemUTC();
    EngineProducer producer = new EngineProducer();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    var secrets = producer.secrets(client);
    RouterFactory routers = producer.routers(client, config);
    var engine =
        producer.engine(
            client,
            config,
            events,
            producer.metrics(client, config, secrets),
            producer.alerts(client, config, secrets, registry),
            producer.webhookClient(),
            producer.telemetry(registry, config, "test"),
            routers,
            clock);
    return new CanaryReconciler(
        new ValidationReporter(events, clock), config, engine, routers, clock);
  }

  /** Starts the operator: its informers fill, and it campaigns for the Lease. */
  void start() {
    operator.start();
  }

  /**
   * Stops the operator as a rolling update does: in-flight work ends, then the Lease is released.
   */
  void stop() {
    operator.stop();
  }

  /**
   * Kills the replica between two reconciliations: once no reconciliation is under way it never
   * reconciles again, and once its last status write has landed ({@code lastWriteLanded}) its
   * client is closed, so it neither renews nor releases the Lease, which the other replica can take
   * over only once it has expired.
   *
   * @param lastWriteLanded waits until the status written by the last reconciliation is on the API
   *     server (the operator writes it after the reconciler returns)
   */
  void crash(Runnable lastWriteLanded) {
    working.lock();
    try {
      crashed = true;
    } finally {
      working.unlock();
    }
    lastWriteLanded.run();
    client.close();
  }

  /** Stops what is left of a crashed replica's operator. */
  void bury() {
    operator.stop();
  }

  private static EventRecorder journaling(
      KubernetesClient client, String identity, List<String> journal) {
    EventRecorder recorder = new KubernetesEventRecorder(client, Clock.systemUTC());
    return new EventRecorder() {
      @Override
      public void normal(HasMetadata involved, String reason, String message) {
        journal.add(identity + ": " + message);
        recorder.normal(involved, reason, message);
      }

      @Override
      public void warning(HasMetadata involved, String reason, String message) {
        journal.add(identity + ": " + message);
        recorder.warning(involved, reason, message);
      }
    };
  }

  /**
   * The replica's CanaryReconciler, counting its reconciliations; a crashed replica does nothing.
   * {@code @Ignore} keeps the Quarkus Operator SDK from registering it in the
   * {@code @QuarkusTest}s.
   */
  @Ignore
  @ControllerConfiguration(name = "canary", finalizerName = CanaryReconciler.FINALIZER)
  private final class Counting implements Reconciler<Canary>, Cleaner<Canary> {

    private final CanaryReconciler delegate;

    Counting(CanaryReconciler delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<EventSource<?, Canary>> prepareEventSources(EventSourceContext<Canary> context) {
      return delegate.prepareEventSources(context);
    }

    @Override
    public UpdateControl<Canary> reconcile(Canary canary, Context<Canary> context)
        throws Exception {
      working.lock();
      try {
        if (crashed) {
          return UpdateControl.noUpdate();
        }
        reconciles.incrementAndGet();
        return delegate.reconcile(canary, context);
      } finally {
        working.unlock();
      }
    }

    @Override
    public DeleteControl cleanup(Canary canary, Context<Canary> context) {
      return crashed ? DeleteControl.noFinalizerRemoval() : delegate.cleanup(canary, context);
    }
  }
}
