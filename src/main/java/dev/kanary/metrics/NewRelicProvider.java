package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.http.HttpRequest;

/**
 * Runs NRQL queries against New Relic's Insights query API ({@code GET
 * /v1/accounts/<id>/query?nrql=}) over the last interval, with the query key of the template's
 * Secret, as Flagger's New Relic provider does.
 *
 * <p>The value is the first number of the first result: its {@code result} field when the query
 * names one ({@code SELECT ... AS result}), else the first numeric field, looking into nested
 * objects such as {@code percentiles}. No result, or a result whose fields are all null, is "no
 * values".
 */
public final class NewRelicProvider implements MetricProvider {

  /** The provider type. */
  public static final String TYPE = "newrelic";

  /** The address of a template that names none. */
  public static final String DEFAULT_ADDRESS = "https://insights-api.newrelic.com";

  /** The Secret key of the account id. */
  public static final String ACCOUNT_ID = "newrelic_account_id";

  /** The Secret key of the query key, sent as {@code X-Query-Key}. */
  public static final String QUERY_KEY = "newrelic_query_key";

  /** The query that checks that New Relic answers, as in Flagger. */
  public static final String ONLINE_QUERY = "SELECT * FROM Metric";

  private final ProviderHttp http;
  private final String path;
  private final String queryKey;
  private final long sinceSeconds;

  /**
   * Creates the provider.
   *
   * @param settings the template's address (default {@value #DEFAULT_ADDRESS}), its Secret with
   *     {@value #ACCOUNT_ID} and {@value #QUERY_KEY}, and the metric's interval
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     malformed or a key is missing
   */
  public NewRelicProvider(ProviderSettings settings) throws MetricProviderException {
    this.http = new ProviderHttp(settings, "New Relic", DEFAULT_ADDRESS);
    this.path =
        "/v1/accounts/" + ProviderHttp.encode(settings.required(TYPE, ACCOUNT_ID)) + "/query";
    this.queryKey = settings.required(TYPE, QUERY_KEY);
    this.sinceSeconds = settings.interval().toSeconds();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public double runQuery(String query) throws MetricProviderException {
    JsonNode root = http.json(http.send(request(query)));
    JsonNode results = root.path("results");
    if (!results.isArray()) {
      throw http.unexpected("answered with no results" + http.excerpt(root.toString(), ": "));
    }
    if (results.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: New Relic returned no results");
    }
    JsonNode first = results.get(0);
    JsonNode named = first.path("result");
    Double value = named.isMissingNode() ? firstNumber(first) : firstNumber(named);
    if (value == null) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: the first New Relic result holds no number");
    }
    return value;
  }

  /**
   * Runs {@value #ONLINE_QUERY} over the interval.
   *
   * @return true when New Relic accepts it
   * @throws MetricProviderException when New Relic is unreachable or rejects the query key
   */
  @Override
  public boolean isOnline() throws MetricProviderException {
    http.send(request(ONLINE_QUERY));
    return true;
  }

  private HttpRequest request(String query) throws MetricProviderException {
    String nrql = query + " SINCE " + sinceSeconds + " seconds ago";
    HttpRequest.Builder request = http.request(path + "?nrql=" + ProviderHttp.encode(nrql));
    http.header(request, "X-Query-Key", queryKey);
    return request.header("Accept", "application/json").GET().build();
  }

  private static Double firstNumber(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isObject() || node.isArray()) {
      for (JsonNode child : node) {
        Double value = firstNumber(child);
        if (value != null) {
          return value;
        }
      }
    }
    return null;
  }
}
