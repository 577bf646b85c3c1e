package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Queries Graphite's render API ({@code GET /render?format=json}), with basic authentication when
 * the template references a Secret.
 *
 * <p>A query is either a target expression, rendered over the last interval ({@code
 * target=<query>&from=-<interval seconds>s}), or, as Flagger's templates write it, a render query
 * string starting with {@code target=} (for example {@code target=sumSeries(x)&from=-5min}), sent
 * with its own parameters. The value is the last non-null datapoint of the first series; no series
 * or only null datapoints is "no values".
 */
public final class GraphiteProvider implements MetricProvider {

  /** The provider type. */
  public static final String TYPE = "graphite";

  /** The query that checks that Graphite answers, as in Flagger; it may match nothing. */
  public static final String ONLINE_QUERY = "target=test";

  private final ProviderHttp http;
  private final String authorization;
  private final long intervalSeconds;

  /**
   * Creates the provider.
   *
   * @param settings the template's address (required), its Secret with {@code username} and {@code
   *     password} when it references one, and the metric's interval
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     missing or malformed, or the Secret lacks a key
   */
  public GraphiteProvider(ProviderSettings settings) throws MetricProviderException {
    this.http = new ProviderHttp(settings, "Graphite", null);
    if (settings.hasSecret()) {
      String pair = settings.required(TYPE, "username") + ":" + settings.required(TYPE, "password");
      this.authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    } else {
      this.authorization = null;
    }
    this.intervalSeconds = settings.interval().toSeconds();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public double runQuery(String query) throws MetricProviderException {
    JsonNode root = http.json(http.send(request(query)));
    if (!root.isArray()) {
      throw http.unexpected(
          "answered with no list of series" + http.excerpt(root.toString(), ": "));
    }
    if (root.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: Graphite returned no series");
    }
    Double last = null;
    for (JsonNode point : root.get(0).path("datapoints")) {
      JsonNode value = point.path(0);
      if (value.isNumber()) {
        last = value.asDouble();
      } else if (value.isTextual()) {
        try {
          last = Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
          throw http.unexpected("returned a datapoint that is no number: " + value);
        }
      }
    }
    if (last == null) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: the first Graphite series has only null datapoints");
    }
    return last;
  }

  /**
   * Runs {@value #ONLINE_QUERY}, which may match nothing.
   *
   * @return true when Graphite answers it
   * @throws MetricProviderException when Graphite is unreachable or answers an error
   */
  @Override
  public boolean isOnline() throws MetricProviderException {
    try {
      runQuery(ONLINE_QUERY);
    } catch (MetricProviderException e) {
      if (!e.noValues()) {
        throw e;
      }
    }
    return true;
  }

  private HttpRequest request(String query) throws MetricProviderException {
    List<String> parameters = new ArrayList<>();
    if (query.startsWith("target=")) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = decode(equals < 0 ? "" : pair.substring(equals + 1));
        if (!key.isEmpty() && !"format".equals(key)) {
          parameters.add(ProviderHttp.encode(key) + "=" + ProviderHttp.encode(value));
        }
      }
    } else {
      parameters.add("target=" + ProviderHttp.encode(query));
      parameters.add("from=-" + intervalSeconds + "s");
    }
    parameters.add("format=json");
    HttpRequest.Builder request = http.request("/render?" + String.join("&", parameters));
    if (authorization != null) {
      http.header(request, "Authorization", authorization);
    }
    return request.header("Accept", "application/json").GET().build();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
