package dev.kanary.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanary.metrics.MetricProviderException.Kind;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Sends one template provider's HTTP requests asynchronously with a timeout and turns every failure
 * into a {@link MetricProviderException} that names the provider, shows its address without
 * credentials and never a Secret's value.
 */
final class ProviderHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT_LENGTH = 200;

  private final HttpClient client;
  private final String name;
  private final String base;
  private final String shown;
  private final Duration timeout;
  private final List<String> secrets;

  /**
   * Prepares the requests of one provider.
   *
   * @param settings the provider's settings
   * @param name the provider's name in messages, for example {@code Datadog}
   * @param defaultAddress the address used when the template names none, or null when an address is
   *     required
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the address is
   *     missing or no absolute http(s) URL
   */
  ProviderHttp(ProviderSettings settings, String name, String defaultAddress)
      throws MetricProviderException {
    this.client = settings.http();
    this.name = name;
    this.timeout = settings.timeout();
    String address =
        settings.address() == null || settings.address().isBlank()
            ? defaultAddress
            : settings.address().trim();
    if (address == null) {
      throw new MetricProviderException(Kind.INVALID_REQUEST, "the " + name + " address is empty");
    }
    this.shown = Redaction.url(address);
    URI uri = parse(address);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    this.base =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + path;
    this.secrets = new ArrayList<>();
    if (settings.hasSecret()) {
      settings.secret().values().stream()
          .map(String::strip)
          .filter(v -> v.length() >= 4)
          .forEach(secrets::add);
    }
  }

  /**
   * Starts a request to a path of the provider's address.
   *
   * @param pathAndQuery the path after the address, with its encoded query string
   * @return the request builder, with the timeout set
   */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
  }

  /**
   * Sets a header that may carry a credential, without showing it when it cannot be sent.
   *
   * @param request the request builder
   * @param header the header name
   * @param value the header value
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the value holds
   *     characters a header cannot carry
   */
  void header(HttpRequest.Builder request, String header, String value)
      throws MetricProviderException {
    try {
      request.setHeader(header, value);
    } catch (IllegalArgumentException e) {
      throw new MetricProviderException(
          Kind.INVALID_REQUEST,
          "the " + name + " header " + header + " cannot be sent: malformed credentials");
    }
  }

  /**
   * Sends a request and waits for a successful answer, at most the timeout.
   *
   * @param request the request
   * @return the body of a 2xx answer
   * @throws MetricProviderException when the provider is unreachable, too slow, or answers another
   *     status
   */
  String send(HttpRequest request) throws MetricProviderException {
    CompletableFuture<String> body = sendAsync(request);
    try {
      return body.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MetricProviderException failure) {
        throw failure;
      }
      throw unexpected("query failed: " + describe(e.getCause()));
    } catch (InterruptedException e) {
      body.cancel(true);
      Thread.currentThread().interrupt();
      throw new MetricProviderException(
          Kind.TIMEOUT, name + " " + shown + " query was interrupted");
    }
  }

  /**
   * Sends a request without blocking. The future completes within the timeout, with the body of a
   * 2xx answer or exceptionally with a {@link MetricProviderException}.
   *
   * @param request the request
   * @return the future body
   */
  CompletableFuture<String> sendAsync(HttpRequest request) {
    CompletableFuture<HttpResponse<String>> exchange =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> exchange.cancel(true));
    return exchange.handle(
        (response, error) -> {
          if (error != null) {
            throw new CompletionException(failure(error));
          }
          String body = response.body() == null ? "" : response.body();
          if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new CompletionException(
                new MetricProviderException(
                    Kind.HTTP_STATUS,
                    name
                        + " "
                        + shown
                        + " answered HTTP "
                        + response.statusCode()
                        + excerpt(body, ": ")));
          }
          return body;
        });
  }

  /**
   * Parses a JSON answer.
   *
   * @param body the answer's body
   * @return its root node
   * @throws MetricProviderException of kind {@link Kind#UNEXPECTED_RESPONSE} when it is no JSON
   */
  JsonNode json(String body) throws MetricProviderException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && !node.isMissingNode()) {
        return node;
      }
    } catch (IOException e) {
      // Reported below with an excerpt of the body.
    }
    throw unexpected("answered with no JSON" + excerpt(body, ": "));
  }

  /**
   * A failure to understand an answer.
   *
   * @param what what was wrong, after the provider and its address
   * @return the exception, of kind {@link Kind#UNEXPECTED_RESPONSE}
   */
  MetricProviderException unexpected(String what) {
    return new MetricProviderException(Kind.UNEXPECTED_RESPONSE, name + " " + shown + " " + what);
  }

  /**
   * An excerpt of an answer for a message: one line, shortened, with every Secret value of four
   * characters or more that the answer echoes replaced by {@code <redacted>}.
   *
   * @param body the answer's body
   * @param prefix what precedes a non-empty excerpt
   * @return the prefixed excerpt, or an empty string for an empty body
   */
  String excerpt(String body, String prefix) {
    String line = BuiltinQueries.collapseWhitespace(body);
    for (String secret : secrets) {
      line = line.replace(secret, "<redacted>");
    }
    if (line.isEmpty()) {
      return "";
    }
    return prefix
        + (line.length() > EXCERPT_LENGTH ? line.substring(0, EXCERPT_LENGTH) + "..." : line);
  }

  /**
   * Encodes a query parameter's value.
   *
   * @param value the value
   * @return its form encoding
   */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private MetricProviderException failure(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new MetricProviderException(
          Kind.UNREACHABLE,
          name + " " + shown + " is unreachable: no connection within " + seconds(timeout));
    }
    if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
      return new MetricProviderException(
          Kind.TIMEOUT, name + " " + shown + " did not answer within " + seconds(timeout));
    }
    if (cause instanceof IOException) {
      return new MetricProviderException(
          Kind.UNREACHABLE, name + " " + shown + " is unreachable: " + connectionFailure(cause));
    }
    return unexpected("query failed: " + describe(cause));
  }

  private URI parse(String address) throws MetricProviderException {
    try {
      URI uri = new URI(address);
      String scheme = uri.getScheme();
      if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, without the address, which may hold credentials.
    }
    throw new MetricProviderException(
        Kind.INVALID_REQUEST,
        "the " + name + " address " + shown + " is not an absolute http(s) URL");
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
