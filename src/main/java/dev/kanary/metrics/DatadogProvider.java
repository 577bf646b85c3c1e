package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * Queries Datadog's metrics API ({@code GET /api/v1/query}) over the last ten intervals, with the
 * API and application keys of the template's Secret, as Flagger's Datadog provider does.
 *
 * <p>The value is the first non-null point of the first series: as Flagger explains, the newest
 * point of the window is almost always an incomplete bucket. No series or no point is "no values".
 */
public final class DatadogProvider implements MetricProvider {

  /** The provider type. */
  public static final String TYPE = "datadog";

  /** The address of a template that names none. */
  public static final String DEFAULT_ADDRESS = "https://api.datadoghq.com";

  /** The Secret key of the API key, sent as {@code DD-API-KEY}. */
  public static final String API_KEY = "datadog_api_key";

  /** The Secret key of the application key, sent as {@code DD-APPLICATION-KEY}. */
  public static final String APPLICATION_KEY = "datadog_application_key";

  private static final int WINDOW_INTERVALS = 10;

  private final ProviderHttp http;
  private final String apiKey;
  private final String applicationKey;
  private final long windowSeconds;
  private final Clock clock;

  /**
   * Creates the provider.
   *
   * @param settings the template's address (default {@value #DEFAULT_ADDRESS}), its Secret with
   *     {@value #API_KEY} and {@value #APPLICATION_KEY}, and the metric's interval
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     malformed or a key is missing
   */
  public DatadogProvider(ProviderSettings settings) throws MetricProviderException {
    this.http = new ProviderHttp(settings, "Datadog", DEFAULT_ADDRESS);
    this.apiKey = settings.required(TYPE, API_KEY);
    this.applicationKey = settings.required(TYPE, APPLICATION_KEY);
    this.windowSeconds = WINDOW_INTERVALS * settings.interval().toSeconds();
    this.clock = settings.clock();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public double runQuery(String query) throws MetricProviderException {
    long now = clock.instant().getEpochSecond();
    HttpRequest.Builder request =
        http.request(
            "/api/v1/query?from="
                + (now - windowSeconds)
                + "&to="
                + now
                + "&query="
                + ProviderHttp.encode(query));
    JsonNode root = http.json(http.send(authorized(request)));
    if ("error".equals(root.path("status").asText())) {
      throw new MetricProviderException(
          Kind.QUERY_ERROR, "Datadog refused the query: " + root.path("error").asText(""));
    }
    JsonNode series = root.path("series");
    if (!series.isArray()) {
      throw http.unexpected("answered with no series");
    }
    if (series.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: Datadog returned no series");
    }
    for (JsonNode point : series.get(0).path("pointlist")) {
      JsonNode value = point.path(1);
      if (value.isNumber()) {
        return value.asDouble();
      }
      if (!value.isNull() && !value.isMissingNode()) {
        throw http.unexpected("returned a point that is no number: " + value);
      }
    }
    throw new MetricProviderException(
        Kind.NO_VALUES, "no values found: the first Datadog series has no points");
  }

  /**
   * Validates the API key with {@code GET /api/v1/validate}.
   *
   * @return true when Datadog answers that the key is valid
   * @throws MetricProviderException when Datadog is unreachable or rejects the keys
   */
  @Override
  public boolean isOnline() throws MetricProviderException {
    JsonNode root = http.json(http.send(authorized(http.request("/api/v1/validate"))));
    return root.path("valid").asBoolean(false);
  }

  private HttpRequest authorized(HttpRequest.Builder request) throws MetricProviderException {
    http.header(request, "DD-API-KEY", apiKey);
    http.header(request, "DD-APPLICATION-KEY", applicationKey);
    return request.header("Accept", "application/json").GET().build();
  }
}
