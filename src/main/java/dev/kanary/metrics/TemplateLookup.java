package dev.kanary.metrics;

import dev.kanary.api.v1beta1.MetricTemplate;
import java.util.Optional;

/**
 * Finds a MetricTemplate by namespace and name, usually in an informer's cache, for the metric
 * checks that reference one.
 */
@FunctionalInterface
public interface TemplateLookup {

  /**
   * Finds a MetricTemplate.
   *
   * @param namespace the template's namespace: the reference's {@code namespace}, or the canary's
   * @param name the template's name
   * @return the template, or empty when it does not exist
   */
  Optional<MetricTemplate> find(String namespace, String name);
}
