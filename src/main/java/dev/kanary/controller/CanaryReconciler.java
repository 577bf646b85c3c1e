package dev.kanary.controller;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.config.KanaryConfig;
import dev.kanary.validation.CanaryValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Validates Canaries and reports an invalid spec as the Ready condition, touching no workload. */
@ControllerConfiguration(name = "canary")
public class CanaryReconciler implements Reconciler<Canary> {

  private final ValidationReporter reporter;
  private final CanaryValidator validator;

  /**
   * Creates the reconciler.
   *
   * @param reporter writes verdicts into status and Events
   * @param config the operator's configuration
   */
  public CanaryReconciler(ValidationReporter reporter, KanaryConfig config) {
    this.reporter = reporter;
    this.validator = new CanaryValidator(config.meshProvider(), config.noCrossNamespaceRefs());
  }

  @Override
  public UpdateControl<Canary> reconcile(Canary canary, Context<Canary> context) {
    return reporter.report(canary, validator.validate(canary), CanaryStatus::new);
  }
}
