package dev.kanary.controller;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.status.AlertProviderStatus;
import dev.kanary.validation.AlertProviderValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import java.util.List;

/** Validates AlertProviders and reports whether alerts can be sent as their Ready condition. */
@LookupUnlessProperty(name = "kanary-loadtester.enabled", stringValue = "true")
@ControllerConfiguration(name = "alertprovider")
public class AlertProviderReconciler implements Reconciler<AlertProvider> {

  private final ValidationReporter reporter;

  /**
   * Creates the reconciler.
   *
   * @param reporter writes verdicts into status and Events
   */
  public AlertProviderReconciler(ValidationReporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public List<EventSource<?, AlertProvider>> prepareEventSources(
      EventSourceContext<AlertProvider> context) {
    return List.of(
        SecretWatch.eventSource(
            context,
            provider ->
                provider.getSpec() == null || provider.getSpec().secretRef == null
                    ? null
                    : provider.getSpec().secretRef.name));
  }

  @Override
  public UpdateControl<AlertProvider> reconcile(
      AlertProvider provider, Context<AlertProvider> context) {
    var validator = new AlertProviderValidator(SecretWatch.lookup(context));
    return reporter.report(provider, validator.validate(provider), AlertProviderStatus::new);
  }
}
