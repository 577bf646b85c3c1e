package dev.kanary.controller;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.canary.CanaryEngine;
import dev.kanary.canary.CanaryStatuses;
import dev.kanary.config.KanaryConfig;
import dev.kanary.router.RouterFactory;
import dev.kanary.validation.CanaryValidator;
import dev.kanary.validation.Validation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives Canaries: validates each one (an invalid spec is reported and touches no workload), then
 * hands it to the rollout engine and patches the status the engine wrote, once, when it changed.
 * Changes of a canary's target, of its primary and of the ConfigMaps and Secrets it tracks wake it
 * at once; an analysis still advances only once per interval.
 */
@LookupUnlessProperty(name = "kanary-loadtester.enabled", stringValue = "true")
@ControllerConfiguration(name = "canary", finalizerName = CanaryReconciler.FINALIZER)
public class CanaryReconciler implements Reconciler<Canary>, Cleaner<Canary> {

  /** Kanary's finalizer, which {@code revertOnDeletion} relies on. */
  public static final String FINALIZER = "flagger.app/finalizer";

  /** The finalizer Flagger put on canaries with {@code revertOnDeletion}; removed on deletion. */
  public static final String FLAGGER_FINALIZER = "finalizer.flagger.app";

  private static final String TARGET_INDEX = "canary-target";
  private static final String CONFIG_INDEX = "canary-config";
  private static final Set<CanaryPhase> PACED =
      EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING_PROMOTION);

  private final ValidationReporter reporter;
  private final CanaryValidator validator;
  private final CanaryEngine engine;

  /** When each paced canary's next step is scheduled to start, to measure how late it starts. */
  private final Map<String, Instant> scheduledSteps = new ConcurrentHashMap<>();

  private final Clock clock;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * Creates the reconciler.
   *
   * @param reporter writes validation verdicts into status and Events
   * @param config the operator's configuration
   * @param engine the rollout engine
   * @param routers the router of each provider, which the validator checks against
   * @param clock the clock that paces the analysis
   */
  public CanaryReconciler(
      ValidationReporter reporter,
      KanaryConfig config,
      CanaryEngine engine,
      RouterFactory routers,
      Clock clock) {
    this.reporter = reporter;
    this.validator =
        new CanaryValidator(
            config.meshProvider(), config.noCrossNamespaceRefs(), routers.providers());
    this.engine = engine;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Canary>> prepareEventSources(EventSourceContext<Canary> context) {
    context
        .getPrimaryCache()
        .addIndexers(
            Map.of(
                TARGET_INDEX, CanaryReconciler::targetKeys,
                CONFIG_INDEX, CanaryReconciler::configKeys));
    return List.of(
        watch(context, Deployment.class, r -> TARGET_INDEX, CanaryReconciler::workloadKey),
        watch(context, DaemonSet.class, r -> TARGET_INDEX, CanaryReconciler::workloadKey),
        watch(context, ConfigMap.class, r -> CONFIG_INDEX, r -> configKey("configmap", r)),
        watch(context, Secret.class, r -> CONFIG_INDEX, r -> configKey("secret", r)));
  }

  @Override
  public UpdateControl<Canary> reconcile(Canary canary, Context<Canary> context) {
    try (CanaryLogContext.Scope logged = CanaryLogContext.enter(canary)) {
      return advance(canary);
    }
  }

  @Override
  public DeleteControl cleanup(Canary canary, Context<Canary> context) {
    try (CanaryLogContext.Scope logged = CanaryLogContext.enter(canary)) {
      return release(canary, context);
    }
  }

  private UpdateControl<Canary> advance(Canary canary) {
    String before = serialization.asJson(canary.getStatus());
    Validation validation = validator.validate(canary);
    UpdateControl<Canary> verdict = reporter.report(canary, validation, CanaryStatus::new);
    if (!validation.valid()) {
      return verdict;
    }
    String key = canary.getMetadata().getNamespace() + "/" + canary.getMetadata().getName();
    Optional<Duration> dueIn = dueIn(canary);
    Duration next;
    if (dueIn.isPresent() && isPositive(dueIn.get())) {
      next = dueIn.get();
    } else {
      Instant scheduled = scheduledSteps.get(key);
      if (dueIn.isPresent() && scheduled != null) {
        engine.startedLate(Duration.between(scheduled, clock.instant()));
      }
      next = engine.step(canary);
      // The next step is due one interval after this one started, not one interval after it ended.
      Optional<Duration> after = dueIn(canary);
      if (after.isPresent() && isPositive(after.get()) && after.get().compareTo(next) < 0) {
        next = after.get();
      }
    }
    if (PACED.contains(CanaryStatuses.phase(canary))) {
      scheduledSteps.put(key, clock.instant().plus(next));
    } else {
      scheduledSteps.remove(key);
    }
    boolean changed = !Objects.equals(before, serialization.asJson(canary.getStatus()));
    UpdateControl<Canary> control =
        changed ? UpdateControl.patchStatus(canary) : UpdateControl.noUpdate();
    return control.rescheduleAfter(next);
  }

  private DeleteControl release(Canary canary, Context<Canary> context) {
    scheduledSteps.remove(
        canary.getMetadata().getNamespace() + "/" + canary.getMetadata().getName());
    if (Boolean.TRUE.equals(canary.getSpec().revertOnDeletion) && !engine.finalize(canary)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(3));
    }
    if (canary.getMetadata().getFinalizers().contains(FLAGGER_FINALIZER)) {
      context
          .getClient()
          .resource(canary)
          .edit(
              c -> {
                c.getMetadata().getFinalizers().remove(FLAGGER_FINALIZER);
                return c;
              });
    }
    return DeleteControl.defaultDelete();
  }

  /**
   * How long until a canary under analysis is due for its next step, negative when it is overdue:
   * an analysis advances once per interval, however often its workloads change. Empty when the
   * canary is not paced and steps at once.
   */
  private Optional<Duration> dueIn(Canary canary) {
    if (!PACED.contains(CanaryStatuses.phase(canary))
        || canary.getStatus().lastTransitionTime == null) {
      return Optional.empty();
    }
    try {
      Instant last = Instant.parse(canary.getStatus().lastTransitionTime);
      Duration elapsed = Duration.between(last, clock.instant());
      return Optional.of(engine.interval(canary).minus(elapsed));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static <R extends HasMetadata> InformerEventSource<R, Canary> watch(
      EventSourceContext<Canary> context,
      Class<R> type,
      Function<R, String> index,
      Function<R, String> key) {
    var configuration =
        InformerEventSourceConfiguration.from(type, Canary.class)
            .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
            .withSecondaryToPrimaryMapper(
                (R resource) ->
                    context
                        .getPrimaryCache()
                        .byIndex(index.apply(resource), key.apply(resource))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static List<String> targetKeys(Canary canary) {
    if (canary.getSpec() == null || canary.getSpec().targetRef == null) {
      return List.of();
    }
    String namespace = canary.getMetadata().getNamespace();
    String name = canary.getSpec().targetRef.name;
    return List.of(namespace + "/" + name, namespace + "/" + name + "-primary");
  }

  private static List<String> configKeys(Canary canary) {
    if (canary.getStatus() == null || canary.getStatus().trackedConfigs == null) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (String tracked : canary.getStatus().trackedConfigs.keySet()) {
      keys.add(canary.getMetadata().getNamespace() + "/" + tracked);
    }
    return keys;
  }

  private static String workloadKey(HasMetadata workload) {
    return workload.getMetadata().getNamespace() + "/" + workload.getMetadata().getName();
  }

  private static String configKey(String kind, HasMetadata config) {
    return config.getMetadata().getNamespace() + "/" + kind + "/" + config.getMetadata().getName();
  }
}
