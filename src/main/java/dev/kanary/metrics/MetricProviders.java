package dev.kanary.metrics;

import java.util.Map;

/** Builds the {@link MetricProvider} of a MetricTemplate's {@code spec.provider.type}. */
public final class MetricProviders {

  /** Builds one provider type's provider. */
  @FunctionalInterface
  private interface Factory {
    MetricProvider create(ProviderSettings settings) throws MetricProviderException;
  }

  private static final Map<String, Factory> FACTORIES =
      Map.of(
          DatadogProvider.TYPE, DatadogProvider::new,
          NewRelicProvider.TYPE, NewRelicProvider::new,
          GraphiteProvider.TYPE, GraphiteProvider::new,
          InfluxdbProvider.TYPE, InfluxdbProvider::new,
          DynatraceProvider.TYPE, DynatraceProvider::new);

  private MetricProviders() {}

  /**
   * Tells whether a provider type is built here; Prometheus is not, the evaluator queries it with
   * its {@link PrometheusClient}.
   *
   * @param type the provider type
   * @return true when {@link #create} builds it
   */
  public static boolean supports(String type) {
    return type != null && FACTORIES.containsKey(type);
  }

  /**
   * Builds a provider.
   *
   * @param type a provider type that {@link #supports} accepts
   * @param settings the template's provider settings and the metric's interval
   * @return the provider
   * @throws MetricProviderException when the settings cannot make requests
   * @throws IllegalArgumentException when the type is not supported
   */
  public static MetricProvider create(String type, ProviderSettings settings)
      throws MetricProviderException {
    Factory factory = FACTORIES.get(type);
    if (factory == null) {
      throw new IllegalArgumentException("provider type " + type + " is not built here");
    }
    return factory.create(settings);
  }
}
