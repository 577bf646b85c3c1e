package dev.kanary.metrics;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The values a metric query's placeholders stand for, as Flagger's {@code MetricTemplateModel}
 * defines them.
 *
 * @param name the canary's name, {@code {{ name }}}
 * @param namespace the canary's namespace, {@code {{ namespace }}}
 * @param target the target workload's name, {@code {{ target }}}
 * @param service the apex service's name, {@code {{ service }}}
 * @param ingress the referenced Ingress' name, {@code {{ ingress }}}
 * @param route the referenced route's name, {@code {{ route }}}
 * @param interval the metric's range vector window, {@code {{ interval }}}
 * @param variables the metric's {@code templateVariables}, {@code {{ variables.<key> }}}
 */
public record TemplateModel(
    String name,
    String namespace,
    String target,
    String service,
    String ingress,
    String route,
    String interval,
    Map<String, String> variables) {

  /** The window of a metric that names none, as in Flagger. */
  public static final String DEFAULT_INTERVAL = "1m";

  /** Checks that every value is present and freezes the variables. */
  public TemplateModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(interval, "interval");
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  /**
   * Builds the model of one metric check of a canary: {@code service} defaults to the target's
   * name, as do {@code ingress} and {@code route} when the canary references no Ingress or route,
   * and {@code interval} defaults to {@value #DEFAULT_INTERVAL}.
   *
   * @param canary the canary
   * @param metric the metric check
   * @return the model
   */
  public static TemplateModel of(Canary canary, CanaryMetric metric) {
    var spec = canary.getSpec();
    String target = spec.targetRef.name;
    String service =
        spec.service != null && notBlank(spec.service.name) ? spec.service.name : target;
    String ingress =
        spec.ingressRef != null && notBlank(spec.ingressRef.name) ? spec.ingressRef.name : target;
    String route =
        spec.routeRef != null && notBlank(spec.routeRef.name) ? spec.routeRef.name : target;
    String interval = notBlank(metric.interval) ? metric.interval : DEFAULT_INTERVAL;
    return new TemplateModel(
        canary.getMetadata().getName(),
        canary.getMetadata().getNamespace(),
        target,
        service,
        ingress,
        route,
        interval,
        metric.templateVariables);
  }

  /**
   * The same model with the canary, namespace, target, service and ingress names rewritten, as
   * Skipper's route names need.
   *
   * @param rewrite the rewriting of one name
   * @return the rewritten model; route, interval and variables are kept
   */
  TemplateModel withNames(UnaryOperator<String> rewrite) {
    return new TemplateModel(
        rewrite.apply(name),
        rewrite.apply(namespace),
        rewrite.apply(target),
        rewrite.apply(service),
        rewrite.apply(ingress),
        route,
        interval,
        variables);
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
