package dev.kanary.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Posts JSON payloads to chat webhooks with the JDK HTTP client, asynchronously, retrying server
 * errors (5xx), rate limiting (429) and network failures with exponential backoff until a total
 * time budget is spent.
 *
 * <p>Other answers end the delivery at once: 2xx as sent, 3xx and 4xx as failed. Redirects are not
 * followed, so that a bearer token never travels to another host. Nothing is ever thrown: every
 * outcome, including an unusable URL or proxy, is a {@link Delivery}. Failure reasons name the
 * endpoint as {@code scheme://host[:port]} only. One HTTP client is kept per proxy; the next
 * attempt after a backoff is started from a single daemon thread, so a failing chat system costs no
 * thread while it is waited for.
 */
public final class HttpSender {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_PROXY = "";

  /**
   * How long deliveries may take.
   *
   * @param requestTimeout the longest wait for one answer, connection included
   * @param budget the longest time spent on one message, retries and backoff included
   * @param initialBackoff the pause before the first retry; it doubles at each retry
   * @param maxBackoff the longest pause between two attempts
   */
  public record Settings(
      Duration requestTimeout, Duration budget, Duration initialBackoff, Duration maxBackoff) {

    /** Checks that every duration is positive. */
    public Settings {
      for (Duration duration :
          new Duration[] {requestTimeout, budget, initialBackoff, maxBackoff}) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
          throw new IllegalArgumentException("durations must be positive");
        }
      }
    }

    /**
     * Flagger's five-second request timeout, retried for at most thirty seconds, with pauses from
     * half a second up to eight seconds.
     *
     * @return the default settings
     */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMillis(500),
          Duration.ofSeconds(8));
    }
  }

  private final Settings settings;
  private final ConcurrentMap<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor retries;

  /** Creates a sender with the {@linkplain Settings#defaults() default settings}. */
  public HttpSender() {
    this(Settings.defaults());
  }

  /**
   * Creates a sender.
   *
   * @param settings timeouts, budget and backoff
   */
  public HttpSender(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.retries =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "kanary-notifier-retry");
              thread.setDaemon(true);
              return thread;
            });
    this.retries.allowCoreThreadTimeOut(true);
  }

  /**
   * Posts a JSON payload.
   *
   * @param endpoint the webhook, its token and proxy
   * @param payload the JSON body
   * @return a future completed with the outcome; never completed exceptionally
   */
  public CompletableFuture<Delivery> post(Endpoint endpoint, JsonNode payload) {
    Optional<HttpClient> client = client(endpoint.proxy());
    if (client.isEmpty()) {
      return CompletableFuture.completedFuture(
          Delivery.failed(0, "invalid proxy URL for " + endpoint.redacted()));
    }
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint.url())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(payload)));
      endpoint.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
      long deadline = System.nanoTime() + settings.budget().toNanos();
      return attempt(client.get(), request, endpoint, deadline, 1, settings.initialBackoff())
          .exceptionally(
              error -> Delivery.failed(0, describe(error) + " posting to " + endpoint.redacted()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          Delivery.failed(0, describe(e) + " posting to " + endpoint.redacted()));
    }
  }

  private CompletableFuture<Delivery> attempt(
      HttpClient client,
      HttpRequest.Builder request,
      Endpoint endpoint,
      long deadline,
      int attempt,
      Duration backoff) {
    Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
    if (remaining.toMillis() < 1) {
      return CompletableFuture.completedFuture(
          Delivery.failed(attempt - 1, "time budget spent posting to " + endpoint.redacted()));
    }
    Duration timeout =
        remaining.compareTo(settings.requestTimeout()) < 0 ? remaining : settings.requestTimeout();
    return client
        .sendAsync(request.copy().timeout(timeout).build(), HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> Outcome.of(response, error, endpoint))
        .thenCompose(
            outcome -> {
              if (outcome.sent()) {
                return CompletableFuture.completedFuture(Delivery.sent(attempt));
              }
              if (!outcome.retryable()) {
                return CompletableFuture.completedFuture(
                    Delivery.failed(attempt, outcome.reason()));
              }
              Duration pause =
                  outcome.retryAfter().filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
              if (System.nanoTime() + pause.toNanos() >= deadline) {
                return CompletableFuture.completedFuture(
                    Delivery.failed(
                        attempt,
                        outcome.reason()
                            + "; gave up after "
                            + attempt
                            + (attempt == 1 ? " attempt" : " attempts")));
              }
              Duration next = backoff.multipliedBy(2);
              Duration nextBackoff =
                  next.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : next;
              Executor delayed =
                  CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS, retries);
              return CompletableFuture.runAsync(() -> {}, delayed)
                  .thenCompose(
                      unused ->
                          attempt(client, request, endpoint, deadline, attempt + 1, nextBackoff));
            });
  }

  private Optional<HttpClient> client(Optional<String> proxy) {
    if (proxy.isEmpty()) {
      return Optional.of(clients.computeIfAbsent(NO_PROXY, unused -> newClient(null)));
    }
    return proxySelector(proxy.get())
        .map(selector -> clients.computeIfAbsent(proxy.get(), unused -> newClient(selector)));
  }

  private HttpClient newClient(ProxySelector selector) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.requestTimeout());
    builder.proxy(selector != null ? selector : ProxySelector.getDefault());
    return builder.build();
  }

  private static Optional<ProxySelector> proxySelector(String proxy) {
    try {
      URI uri = new URI(proxy);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return Optional.empty();
      }
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
      return Optional.of(ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port)));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }

  /** What one HTTP attempt came to. */
  private record Outcome(
      boolean sent, boolean retryable, String reason, Optional<Duration> retryAfter) {

    static Outcome of(HttpResponse<Void> response, Throwable error, Endpoint endpoint) {
      if (error != null) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        return new Outcome(
            false,
            cause instanceof IOException,
            describe(error) + " from " + endpoint.redacted(),
            Optional.empty());
      }
      int status = response.statusCode();
      String reason = "HTTP " + status + " from " + endpoint.redacted();
      if (status >= 200 && status < 300) {
        return new Outcome(true, false, "", Optional.empty());
      }
      boolean retryable = status == 429 || status >= 500;
      return new Outcome(false, retryable, reason, retryAfter(response));
    }

    private static Optional<Duration> retryAfter(HttpResponse<Void> response) {
      return response
          .headers()
          .firstValue("Retry-After")
          .flatMap(
              value -> {
                try {
                  return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
                } catch (NumberFormatException e) {
                  return Optional.empty();
                }
              });
    }
  }
}
