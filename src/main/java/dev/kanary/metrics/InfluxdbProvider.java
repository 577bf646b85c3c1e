package dev.kanary.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Flux queries against InfluxDB 2's query API ({@code POST /api/v2/query?org=}), with the
 * token and organisation of the template's Secret, as Flagger's InfluxDB provider does through the
 * official client.
 *
 * <p>The answer is annotated CSV; the value is the {@code _value} column of the first row of the
 * first table. An empty answer or an empty {@code _value} is "no values"; an {@code error} table is
 * a query error.
 */
public final class InfluxdbProvider implements MetricProvider {

  /** The provider type. */
  public static final String TYPE = "influxdb";

  /** The query that checks that InfluxDB answers and accepts the token. */
  public static final String ONLINE_QUERY = "buckets() |> limit(n: 1)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderHttp http;
  private final String path;
  private final String authorization;

  /**
   * Creates the provider.
   *
   * @param settings the template's address (required) and, when it references a Secret, the
   *     Secret's {@code token} and {@code org}
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     missing or malformed, or the Secret lacks a key
   */
  public InfluxdbProvider(ProviderSettings settings) throws MetricProviderException {
    this.http = new ProviderHttp(settings, "InfluxDB", null);
    if (settings.hasSecret()) {
      this.authorization = "Token " + settings.required(TYPE, "token");
      this.path = "/api/v2/query?org=" + ProviderHttp.encode(settings.required(TYPE, "org"));
    } else {
      this.authorization = null;
      this.path = "/api/v2/query";
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public double runQuery(String query) throws MetricProviderException {
    String csv = http.send(request(query));
    List<String> header = null;
    for (String line : csv.split("\r?\n")) {
      if (line.isBlank()) {
        if (header != null) {
          break;
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = cells;
        continue;
      }
      return value(header, cells);
    }
    throw new MetricProviderException(Kind.NO_VALUES, "no values found: InfluxDB returned no rows");
  }

  /**
   * Runs {@value #ONLINE_QUERY}.
   *
   * @return true when InfluxDB answers it
   * @throws MetricProviderException when InfluxDB is unreachable or rejects the token
   */
  @Override
  public boolean isOnline() throws MetricProviderException {
    http.send(request(ONLINE_QUERY));
    return true;
  }

  private double value(List<String> header, List<String> row) throws MetricProviderException {
    int error = header.indexOf("error");
    if (error >= 0 && !header.contains("_value")) {
      throw new MetricProviderException(
          Kind.QUERY_ERROR,
          "InfluxDB refused the query: " + (error < row.size() ? row.get(error) : ""));
    }
    int column = header.indexOf("_value");
    if (column < 0) {
      throw http.unexpected("returned no _value column");
    }
    String text = column < row.size() ? row.get(column) : "";
    if (text.isEmpty()) {
      throw new MetricProviderException(
          Kind.NO_VALUES, "no values found: the first InfluxDB row has an empty _value");
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw http.unexpected("returned a _value that is no number: " + text);
    }
  }

  private HttpRequest request(String query) throws MetricProviderException {
    ObjectNode body = JSON.createObjectNode().put("query", query).put("type", "flux");
    ObjectNode dialect = body.putObject("dialect").put("header", true).put("delimiter", ",");
    dialect.putArray("annotations").add("datatype").add("group").add("default");
    HttpRequest.Builder request = http.request(path);
    if (authorization != null) {
      http.header(request, "Authorization", authorization);
    }
    return request
        .header("Accept", "application/csv")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** Splits one CSV line into its cells, unquoting quoted cells (RFC 4180). */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
