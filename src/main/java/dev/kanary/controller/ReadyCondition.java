package dev.kanary.controller;

import dev.kanary.api.v1beta1.status.Condition;
import dev.kanary.api.v1beta1.status.ConditionedStatus;
import dev.kanary.validation.Validation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Writes a validation verdict into a status as its {@code Ready} condition. */
final class ReadyCondition {

  private ReadyCondition() {}

  /**
   * Reads the current Ready condition.
   *
   * @param status the status, possibly null
   * @return the condition, or empty when there is none
   */
  static Optional<Condition> of(ConditionedStatus status) {
    if (status == null || status.conditions == null) {
      return Optional.empty();
    }
    return status.conditions.stream().filter(c -> Condition.READY.equals(c.type)).findFirst();
  }

  /**
   * Sets the Ready condition from a verdict, keeping the transition time when the status stays.
   *
   * @param status the status to change
   * @param validation the verdict
   * @param now the current time
   * @return true when the condition changed
   */
  static boolean apply(ConditionedStatus status, Validation validation, Instant now) {
    String value = validation.valid() ? "True" : "False";
    Optional<Condition> current = of(status);
    if (current.isPresent()
        && value.equals(current.get().status)
        && validation.reason().equals(current.get().reason)
        && Objects.equals(validation.message(), current.get().message)) {
      return false;
    }
    Condition condition = current.orElseGet(Condition::new);
    if (current.isEmpty()) {
      condition.type = Condition.READY;
      status.conditions.add(condition);
    }
    if (!value.equals(condition.status)) {
      condition.lastTransitionTime = now.toString();
    }
    condition.status = value;
    condition.reason = validation.reason();
    condition.message = validation.message();
    condition.lastUpdateTime = now.toString();
    return true;
  }
}
