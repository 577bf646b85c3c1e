package dev.kanary.sandbox.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus' HTTP API for instant queries ({@code /api/v1/query}) and its scrape endpoint,
 * answered from a {@link MeshTelemetry}: the status and body Prometheus would send, for whoever
 * serves them over HTTP.
 */
public final class PrometheusApi {

  /** The content type of {@link #query} answers. */
  public static final String JSON = "application/json";

  /** The content type of the text exposition format 0.0.4. */
  public static final String EXPOSITION = "text/plain; version=0.0.4; charset=utf-8";

  private static final JsonFactory FACTORY = new JsonFactory();

  private final MeshTelemetry telemetry;
  private final PromQlEngine engine;
  private final Clock clock;

  /**
   * One HTTP answer.
   *
   * @param status the HTTP status: 200, 400 for a bad query or parameter, 422 for a failed one
   * @param contentType the Content-Type header's value
   * @param body the body
   */
  public record Response(int status, String contentType, String body) {}

  /**
   * Creates the API.
   *
   * @param telemetry the telemetry queried and exposed
   * @param clock gives the evaluation time of queries that name none; use the clock whose time
   *     {@link MeshTelemetry#tick(Instant)} receives, or queries look at the wrong window
   */
  public PrometheusApi(MeshTelemetry telemetry, Clock clock) {
    this.telemetry = telemetry;
    this.engine = new PromQlEngine(telemetry);
    this.clock = clock;
  }

  /**
   * Answers an instant query as Prometheus' {@code /api/v1/query} does: {@code
   * {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[<unix
   * seconds>,"<value>"]}]}}}, {@code scalar} and {@code matrix} results likewise, values printed as
   * Go prints them ({@code "97"}, {@code "0.5"}, {@code "NaN"}, {@code "+Inf"}); or {@code
   * {"status":"error","errorType":"bad_data","error":"..."}} with status 400, {@code execution}
   * with status 422.
   *
   * @param promql the query
   * @param time the evaluation time, or empty for the clock's time
   * @return the answer
   */
  public Response query(String promql, Optional<Instant> time) {
    Instant at = time.orElseGet(clock::instant);
    Value value;
    try {
      value = engine.evaluate(promql == null ? "" : promql, at);
    } catch (PromQlException e) {
      String message =
          e.errorType().equals("bad_data")
              ? "invalid parameter \"query\": " + e.getMessage()
              : e.getMessage();
      return error(e.httpStatus(), e.errorType(), message);
    }
    return new Response(200, JSON, success(value, at.toEpochMilli()));
  }

  /**
   * Answers a request to {@code /api/v1/query} from its URL-encoded parameters, the query string of
   * a GET or the form body of a POST: {@code query} and the optional {@code time}, in unix seconds
   * or RFC 3339; other parameters such as {@code timeout} are ignored.
   *
   * @param form the encoded parameters, for example {@code query=up&time=1700000000.5}
   * @return the answer
   */
  public Response handle(String form) {
    String promql = null;
    String time = null;
    for (String pair : (form == null ? "" : form).split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (name.equals("query") && promql == null) {
        promql = value;
      } else if (name.equals("time") && time == null) {
        time = value;
      }
    }
    if (time == null || time.isEmpty()) {
      return query(promql, Optional.empty());
    }
    Optional<Instant> at = parseTime(time);
    if (at.isEmpty()) {
      return error(
          400,
          "bad_data",
          "invalid parameter \"time\": cannot parse \"" + time + "\" to a valid timestamp");
    }
    return query(promql, at);
  }

  /**
   * The scrape endpoint's answer: the telemetry's current values in the text exposition format.
   *
   * @return status 200 with {@link #EXPOSITION} content
   */
  public Response exposition() {
    return new Response(200, EXPOSITION, telemetry.exposition());
  }

  private static Optional<Instant> parseTime(String text) {
    try {
      BigDecimal seconds = new BigDecimal(text);
      return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        return Optional.of(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException notRfc3339) {
        return Optional.empty();
      }
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static Response error(int status, String errorType, String message) {
    return new Response(
        status,
        JSON,
        json(
            out -> {
              out.writeStartObject();
              out.writeStringField("status", "error");
              out.writeStringField("errorType", errorType);
              out.writeStringField("error", message);
              out.writeEndObject();
            }));
  }

  private static String success(Value value, long millis) {
    return json(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeObjectFieldStart("data");
          out.writeStringField("resultType", value.resultType());
          out.writeFieldName("result");
          if (value instanceof Value.Scalar scalar) {
            point(out, millis, scalar.value());
          } else if (value instanceof Value.Vector vector) {
            out.writeStartArray();
            for (Value.Sample sample : vector.samples()) {
              out.writeStartObject();
              metric(out, sample.labels());
              out.writeFieldName("value");
              point(out, millis, sample.value());
              out.writeEndObject();
            }
            out.writeEndArray();
          } else if (value instanceof Value.Matrix matrix) {
            out.writeStartArray();
            for (Value.Series series : matrix.series()) {
              out.writeStartObject();
              metric(out, series.labels());
              out.writeArrayFieldStart("values");
              for (int i = 0; i < series.values().length; i++) {
                point(out, series.timesMillis()[i], series.values()[i]);
              }
              out.writeEndArray();
              out.writeEndObject();
            }
            out.writeEndArray();
          }
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  private static void metric(JsonGenerator out, Labels labels) throws IOException {
    out.writeObjectFieldStart("metric");
    for (Map.Entry<String, String> label : labels.asMap().entrySet()) {
      out.writeStringField(label.getKey(), label.getValue());
    }
    out.writeEndObject();
  }

  private static void point(JsonGenerator out, long millis, double value) throws IOException {
    out.writeStartArray();
    out.writeNumber(Exposition.timestamp(millis));
    out.writeString(Exposition.number(value));
    out.writeEndArray();
  }

  private static String json(JsonWriter writer) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return text.toString();
  }

  /** Writes one JSON document. */
  @FunctionalInterface
  private interface JsonWriter {
    /**
     * Writes the document.
     *
     * @param out the generator
     * @throws IOException when writing fails
     */
    void write(JsonGenerator out) throws IOException;
  }
}
