package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanary.metrics.PrometheusException.Kind;
import dev.kanary.validation.Redaction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Runs instant queries against Prometheus' HTTP API ({@code GET <address>/api/v1/query}), as
 * Flagger's Prometheus provider does: optional bearer or basic authentication, extra headers, an
 * optional skip of TLS verification (through the {@link HttpClient} given), and a timeout on every
 * query.
 *
 * <p>The value of a query is the first sample of an instant vector, or a scalar. Every other
 * outcome is a {@link PrometheusException} of its own {@link Kind}: an unreachable server, a
 * timeout, an HTTP error status, a Prometheus error answer, an empty vector, NaN, an infinity, or
 * another result type such as a range vector.
 */
public final class PrometheusClient {

  /** The query whose answer 1 shows that Prometheus is online. */
  public static final String ONLINE_QUERY = "vector(1)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT_LENGTH = 200;

  private final HttpClient http;
  private final String endpoint;
  private final String shown;
  private final Credentials credentials;
  private final Map<String, List<String>> headers;
  private final Duration timeout;

  /**
   * How a client authenticates. Its {@code toString} never shows a secret.
   *
   * @param token a bearer token, or null
   * @param username a basic-auth user name, or null
   * @param password a basic-auth password, or null
   */
  public record Credentials(String token, String username, String password) {

    /**
     * No authentication.
     *
     * @return credentials that send no Authorization header
     */
    public static Credentials none() {
      return new Credentials(null, null, null);
    }

    /**
     * Bearer authentication.
     *
     * @param token the token
     * @return credentials that send {@code Authorization: Bearer <token>}
     */
    public static Credentials bearer(String token) {
      return new Credentials(token, null, null);
    }

    /**
     * Basic authentication.
     *
     * @param username the user name
     * @param password the password
     * @return credentials that send {@code Authorization: Basic <base64(user:password)>}
     */
    public static Credentials basic(String username, String password) {
      return new Credentials(null, username, password);
    }

    /**
     * The value of the Authorization header.
     *
     * @return the header value, or null when these credentials send none
     */
    String authorization() {
      if (token != null && !token.isEmpty()) {
        return "Bearer " + token;
      }
      if (username != null && !username.isEmpty() && password != null) {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      }
      return null;
    }

    @Override
    public String toString() {
      if (token != null && !token.isEmpty()) {
        return "Credentials[bearer token]";
      }
      return authorization() == null ? "Credentials[none]" : "Credentials[basic]";
    }
  }

  /**
   * Creates a client.
   *
   * @param http the HTTP client; {@link HttpClients#get(boolean)} gives one that verifies TLS or
   *     one that skips verification
   * @param address the base URL of Prometheus, for example {@code http://prometheus:9090} or {@code
   *     https://example.com/prometheus}; user info in it is used for basic authentication when no
   *     other credentials are given
   * @param credentials how to authenticate
   * @param headers extra HTTP headers, or null
   * @param timeout how long one query may take, connection included
   * @throws PrometheusException of kind {@link Kind#INVALID_REQUEST} when the address is no
   *     absolute http(s) URL
   */
  public PrometheusClient(
      HttpClient http,
      String address,
      Credentials credentials,
      Map<String, List<String>> headers,
      Duration timeout)
      throws PrometheusException {
    this.http = http;
    this.shown = address == null ? "<no address>" : Redaction.url(address);
    URI uri = parse(address, shown);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    this.endpoint =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + path
            + "/api/v1/query?query=";
    this.credentials =
        credentials.authorization() == null && uri.getUserInfo() != null
            ? fromUserInfo(uri.getUserInfo())
            : credentials;
    this.headers = headers == null ? Map.of() : headers;
    this.timeout = timeout;
  }

  /**
   * The address of this Prometheus without credentials, for messages.
   *
   * @return {@code scheme://host[:port]}
   */
  public String address() {
    return shown;
  }

  /**
   * Runs an instant query and waits for its value.
   *
   * @param promql the query
   * @return the value
   * @throws PrometheusException when no value could be had, of the kind that says why
   */
  public double query(String promql) throws PrometheusException {
    CompletableFuture<Double> value = queryAsync(promql);
    try {
      return value.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PrometheusException failure) {
        throw failure;
      }
      throw new PrometheusException(
          Kind.UNEXPECTED_RESPONSE, "Prometheus " + shown + " query failed: " + describe(e));
    } catch (InterruptedException e) {
      value.cancel(true);
      Thread.currentThread().interrupt();
      throw new PrometheusException(Kind.TIMEOUT, "Prometheus " + shown + " query was interrupted");
    }
  }

  /**
   * Runs an instant query without blocking. The future completes within the timeout, with the value
   * or exceptionally with a {@link PrometheusException}.
   *
   * @param promql the query
   * @return the future value
   */
  public CompletableFuture<Double> queryAsync(String promql) {
    HttpRequest request;
    try {
      request = request(promql);
    } catch (PrometheusException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<String>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> exchange.cancel(true));
    return exchange.handle(
        (response, error) -> {
          try {
            if (error != null) {
              throw failure(error);
            }
            return value(response);
          } catch (PrometheusException e) {
            throw new CompletionException(e);
          }
        });
  }

  /**
   * Checks that Prometheus answers {@value #ONLINE_QUERY} with 1.
   *
   * @return true when it does, false when it answers another value
   * @throws PrometheusException when it does not answer with a value
   */
  public boolean isOnline() throws PrometheusException {
    return query(ONLINE_QUERY) == 1;
  }

  private HttpRequest request(String promql) throws PrometheusException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                URI.create(endpoint + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
            .timeout(timeout)
            .GET();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      for (String value : header.getValue() == null ? List.<String>of() : header.getValue()) {
        try {
          builder.header(header.getKey(), value);
        } catch (IllegalArgumentException e) {
          throw new PrometheusException(
              Kind.INVALID_REQUEST,
              "header '" + header.getKey() + "' cannot be sent: restricted or malformed");
        }
      }
    }
    builder.setHeader("Accept", "application/json");
    String authorization = credentials.authorization();
    if (authorization != null) {
      try {
        builder.setHeader("Authorization", authorization);
      } catch (IllegalArgumentException e) {
        throw new PrometheusException(
            Kind.INVALID_REQUEST, "the credentials hold characters an HTTP header cannot carry");
      }
    }
    return builder.build();
  }

  private PrometheusException failure(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new PrometheusException(
          Kind.UNREACHABLE,
          "Prometheus " + shown + " is unreachable: no connection within " + seconds(timeout));
    }
    if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
      return new PrometheusException(
          Kind.TIMEOUT, "Prometheus " + shown + " did not answer within " + seconds(timeout));
    }
    if (cause instanceof IOException) {
      return new PrometheusException(
          Kind.UNREACHABLE, "Prometheus " + shown + " is unreachable: " + connectionFailure(cause));
    }
    return new PrometheusException(
        Kind.UNEXPECTED_RESPONSE, "Prometheus " + shown + " query failed: " + describe(cause));
  }

  private static String connectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof SSLException) {
        return "TLS failure: " + cause.getMessage();
      }
    }
    if (error instanceof ConnectException && error.getMessage() == null) {
      return "connection refused";
    }
    return describe(error);
  }

  private double value(HttpResponse<String> response) throws PrometheusException {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    JsonNode root = json(body);
    if (root != null && "error".equals(root.path("status").asText())) {
      throw new PrometheusException(
          Kind.QUERY_ERROR,
          "Prometheus "
              + shown
              + " refused the query (HTTP "
              + status
              + "): "
              + root.path("errorType").asText("unknown error type")
              + ": "
              + root.path("error").asText(""));
    }
    if (status < 200 || status > 299) {
      throw new PrometheusException(
          Kind.HTTP_STATUS,
          "Prometheus " + shown + " answered HTTP " + status + excerpt(body, ": "));
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      throw new PrometheusException(
          Kind.UNEXPECTED_RESPONSE,
          "Prometheus "
              + shown
              + " answered with no Prometheus API response"
              + excerpt(body, ": "));
    }
    JsonNode data = root.path("data");
    String resultType = data.path("resultType").asText();
    JsonNode result = data.path("result");
    return switch (resultType) {
      case "vector" -> {
        if (!result.isArray() || result.isEmpty()) {
          throw new PrometheusException(Kind.NO_VALUES, "no values found");
        }
        yield sample(result.get(0).path("value"));
      }
      case "scalar" -> sample(result);
      case "matrix" ->
          throw new PrometheusException(
              Kind.UNEXPECTED_RESPONSE,
              "Prometheus "
                  + shown
                  + " returned a range vector (matrix); the query must return an instant vector or"
                  + " a scalar");
      default ->
          throw new PrometheusException(
              Kind.UNEXPECTED_RESPONSE,
              "Prometheus "
                  + shown
                  + " returned a result of type '"
                  + resultType
                  + "'; the query must return an instant vector or a scalar");
    };
  }

  private double sample(JsonNode pair) throws PrometheusException {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
      throw new PrometheusException(
          Kind.UNEXPECTED_RESPONSE, "Prometheus " + shown + " returned a malformed sample");
    }
    String text = pair.get(1).asText();
    double value;
    switch (text) {
      case "NaN" -> value = Double.NaN;
      case "+Inf", "Inf" -> value = Double.POSITIVE_INFINITY;
      case "-Inf" -> value = Double.NEGATIVE_INFINITY;
      default -> {
        try {
          value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new PrometheusException(
              Kind.UNEXPECTED_RESPONSE,
              "Prometheus " + shown + " returned a sample that is no number: " + text);
        }
      }
    }
    if (Double.isNaN(value)) {
      throw new PrometheusException(Kind.NOT_A_NUMBER, "no values found: the query returned NaN");
    }
    if (Double.isInfinite(value)) {
      throw new PrometheusException(
          Kind.INFINITE, "the query returned " + GoFormat.number(value) + ", not a finite value");
    }
    return value;
  }

  private static URI parse(String address, String shown) throws PrometheusException {
    if (address == null || address.isBlank()) {
      throw new PrometheusException(Kind.INVALID_REQUEST, "the Prometheus address is empty");
    }
    try {
      URI uri = new URI(address.trim());
      String scheme = uri.getScheme();
      if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, without the address, which may hold credentials.
    }
    throw new PrometheusException(
        Kind.INVALID_REQUEST,
        "the Prometheus address " + shown + " is not an absolute http(s) URL");
  }

  private static Credentials fromUserInfo(String userInfo) {
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    return Credentials.basic(user, password);
  }

  private static JsonNode json(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String excerpt(String body, String prefix) {
    String line = BuiltinQueries.collapseWhitespace(body);
    if (line.isEmpty()) {
      return "";
    }
    return prefix
        + (line.length() > EXCERPT_LENGTH ? line.substring(0, EXCERPT_LENGTH) + "..." : line);
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    String message = null;
    while (cause != null) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      } else if (message == null) {
        message = cause.getClass().getSimpleName();
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return message;
  }

  private static String seconds(Duration duration) {
    return GoFormat.duration(duration.toMillis());
  }
}
