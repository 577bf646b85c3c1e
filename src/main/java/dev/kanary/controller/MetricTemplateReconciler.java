package dev.kanary.controller;

import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.status.MetricTemplateStatus;
import dev.kanary.validation.MetricTemplateValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import java.util.List;

/** Validates MetricTemplates and reports whether each can be queried as its Ready condition. */
@LookupUnlessProperty(name = "kanary-loadtester.enabled", stringValue = "true")
@ControllerConfiguration(name = "metrictemplate")
public class MetricTemplateReconciler implements Reconciler<MetricTemplate> {

  private final ValidationReporter reporter;

  /**
   * Creates the reconciler.
   *
   * @param reporter writes verdicts into status and Events
   */
  public MetricTemplateReconciler(ValidationReporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public List<EventSource<?, MetricTemplate>> prepareEventSources(
      EventSourceContext<MetricTemplate> context) {
    return List.of(
        SecretWatch.eventSource(
            context,
            template ->
                template.getSpec() == null
                        || template.getSpec().provider == null
                        || template.getSpec().provider.secretRef == null
                    ? null
                    : template.getSpec().provider.secretRef.name));
  }

  @Override
  public UpdateControl<MetricTemplate> reconcile(
      MetricTemplate template, Context<MetricTemplate> context) {
    var validator = new MetricTemplateValidator(SecretWatch.lookup(context));
    return reporter.report(template, validator.validate(template), MetricTemplateStatus::new);
  }
}
