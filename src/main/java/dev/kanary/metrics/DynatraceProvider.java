package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * Queries Dynatrace's metrics API v2 ({@code GET /api/v2/metrics/query}) over the last ten
 * intervals at resolution {@code Inf}, with the API token of the template's Secret, as Flagger's
 * Dynatrace provider does.
 *
 * <p>The value is the first non-null value of the last data series of the first result, which, at
 * resolution {@code Inf}, holds one value per series. No result, no series or only null values is
 * "no values".
 */
public final class DynatraceProvider implements MetricProvider {

  /** The provider type. */
  public static final String TYPE = "dynatrace";

  /** The Secret key of the API token, sent as {@code Authorization: Api-Token <token>}. */
  public static final String TOKEN = "dynatrace_token";

  private static final int WINDOW_INTERVALS = 10;

  private final ProviderHttp http;
  private final String authorization;
  private final long windowMillis;
  private final Clock clock;

  /**
   * Creates the provider.
   *
   * @param settings the template's address (required), its Secret with {@value #TOKEN}, and the
   *     metric's interval
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     missing or malformed, or the token is missing
   */
  public DynatraceProvider(ProviderSettings settings) throws MetricProviderException {
    this.http = new ProviderHttp(settings, "Dynatrace", null);
    this.authorization = "Api-Token " + settings.required(TYPE, TOKEN);
    this.windowMillis = WINDOW_INTERVALS * settings.interval().toMillis();
    this.clock = settings.clock();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public double runQuery(String query) throws MetricProviderException {
    long now = clock.instant().getEpochSecond() * 1000;
    JsonNode root =
        http.json(
            http.send(
                request(
                    "/api/v2/metrics/query?metricSelector="
                        + ProviderHttp.encode(query)
                        + "&resolution=Inf&from="
                        + (now - windowMillis)
                        + "&to="
                        + now)));
    JsonNode results = root.path("result");
    if (!results.isArray()) {
      throw http.unexpected("answered with no result" + http.excerpt(root.toString(), ": "));
    }
    if (results.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: Dynatrace returned no result");
    }
    JsonNode data = results.get(0).path("data");
    if (!data.isArray() || data.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: the first Dynatrace result has no data");
    }
    for (JsonNode value : data.get(data.size() - 1).path("values")) {
      if (value.isNumber()) {
        return value.asDouble();
      }
    }
    throw new MetricProviderException(
        Kind.NO_VALUES, "no values found: the Dynatrace data holds only null values");
  }

  /**
   * Lists one metric ({@code GET /api/v2/metrics?pageSize=1}).
   *
   * @return true when Dynatrace answers it
   * @throws MetricProviderException when Dynatrace is unreachable or rejects the token
   */
  @Override
  public boolean isOnline() throws MetricProviderException {
    http.send(request("/api/v2/metrics?pageSize=1"));
    return true;
  }

  private HttpRequest request(String pathAndQuery) throws MetricProviderException {
    HttpRequest.Builder request = http.request(pathAndQuery);
    http.header(request, "Authorization", authorization);
    return request.header("Accept", "application/json").GET().build();
  }
}
