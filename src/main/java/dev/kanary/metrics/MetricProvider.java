package dev.kanary.metrics;

/**
 * A metric store that MetricTemplates of one {@code spec.provider.type} query, as Flagger's {@code
 * providers.Interface} defines it.
 *
 * <p>A provider is built for one template and one metric check: its address, its Secret's values
 * and the check's {@code interval} are fixed when it is built (see {@link MetricProviders}). It
 * holds no connection of its own; the shared {@link HttpClients} carry the requests. Every failure
 * is a {@link MetricProviderException} whose message names the provider and, at most, its address
 * without credentials; no message ever holds a Secret's value.
 */
public interface MetricProvider {

  /**
   * The provider type this provider queries, as written in {@code spec.provider.type}.
   *
   * @return for example {@code datadog}
   */
  String type();

  /**
   * Runs a query, already rendered from the template's {@code spec.query}, and waits for its value,
   * at most the provider's timeout.
   *
   * @param query the rendered query, in the provider's own query language
   * @return the value the provider defines as the query's result
   * @throws MetricProviderException when no value could be had; of kind {@link
   *     MetricProviderException.Kind#NO_VALUES} when the query ran but matched no data
   */
  double runQuery(String query) throws MetricProviderException;

  /**
   * Checks that the provider answers and accepts the credentials, with a cheap request of its own.
   *
   * @return true when the provider is available
   * @throws MetricProviderException when the provider could not be reached, refused the credentials
   *     or answered with an error
   */
  boolean isOnline() throws MetricProviderException;
}
