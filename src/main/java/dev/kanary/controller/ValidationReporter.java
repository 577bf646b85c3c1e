package dev.kanary.controller;

import dev.kanary.api.v1beta1.status.Condition;
import dev.kanary.api.v1beta1.status.ConditionedStatus;
import dev.kanary.events.EventRecorder;
import dev.kanary.validation.Validation;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns a validation verdict into the resource's Ready condition, an Event when the verdict
 * changes, and a status patch only when something changed.
 */
@ApplicationScoped
public class ValidationReporter {

  private static final Logger LOG = Logger.getLogger(ValidationReporter.class);

  private final EventRecorder events;
  private final Clock clock;

  /**
   * Creates a reporter.
   *
   * @param events where verdict changes are recorded
   * @param clock the clock that stamps conditions
   */
  public ValidationReporter(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * Reports a verdict on a resource.
   *
   * @param resource the validated resource
   * @param validation the verdict
   * @param newStatus makes an empty status when the resource has none
   * @param <S> the status type
   * @param <R> the resource type
   * @return a status patch when the status changed, else no update
   */
  public <S extends ConditionedStatus, R extends CustomResource<?, S>> UpdateControl<R> report(
      R resource, Validation validation, Supplier<S> newStatus) {
    if (resource.getStatus() == null) {
      resource.setStatus(newStatus.get());
    }
    S status = resource.getStatus();
    Optional<Condition> before = ReadyCondition.of(status);
    boolean verdictChanged =
        before.isEmpty()
            || !before.get().status.equals(validation.valid() ? "True" : "False")
            || !before.get().reason.equals(validation.reason());
    boolean changed = ReadyCondition.apply(status, validation, clock.instant());
    Long generation = resource.getMetadata().getGeneration();
    if (generation != null && !generation.equals(status.observedGeneration)) {
      status.observedGeneration = generation;
      changed = true;
    }
    if (verdictChanged) {
      announce(resource, validation);
    }
    return changed ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
  }

  private void announce(CustomResource<?, ?> resource, Validation validation) {
    String who =
        resource.getKind()
            + " "
            + resource.getMetadata().getName()
            + "."
            + resource.getMetadata().getNamespace();
    if (validation.valid()) {
      LOG.infof("%s is ready: %s", who, validation.message());
      events.normal(resource, validation.reason(), validation.message());
    } else {
      LOG.warnf("%s is not ready (%s): %s", who, validation.reason(), validation.message());
      events.warning(resource, validation.reason(), validation.message());
    }
  }
}
