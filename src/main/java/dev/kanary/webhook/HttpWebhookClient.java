package dev.kanary.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryWebhook;
import dev.kanary.canary.Durations;
import dev.kanary.validation.Redaction;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/**
 * Calls webhooks over HTTP with Flagger's payload. A call succeeds on any 2xx status; it is retried
 * {@code retries} times on connection errors, 5xx and 429, with exponential backoff.
 */
public class HttpWebhookClient implements WebhookClient {

  /** Flagger's default timeout of one call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(HttpWebhookClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 1024;

  private final HttpClient verifying;
  private final HttpClient trusting;
  private final Duration firstBackoff;
  private final Duration maxBackoff;

  /** Creates a client with Flagger's backoff: 1s doubling up to 30s. */
  public HttpWebhookClient() {
    this(Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /**
   * Creates a client with a given backoff between retries.
   *
   * @param firstBackoff the wait before the first retry, doubled before each next one
   * @param maxBackoff the longest wait between two retries
   */
  public HttpWebhookClient(Duration firstBackoff, Duration maxBackoff) {
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.verifying = builder().build();
    this.trusting = builder().sslContext(trustAll()).build();
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .connectTimeout(DEFAULT_TIMEOUT)
        .proxy(ProxySelector.getDefault());
  }

  @Override
  public WebhookResult call(
      Canary canary, CanaryWebhook webhook, String phase, Map<String, String> extraMetadata) {
    URI uri;
    try {
      uri = URI.create(webhook.url);
    } catch (IllegalArgumentException | NullPointerException e) {
      return new WebhookResult(false, 0, "invalid webhook URL");
    }
    Duration timeout = timeoutOf(webhook);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(payload(canary, webhook, phase, extraMetadata)))
            .build();
    HttpClient client = Boolean.TRUE.equals(webhook.disableTLS) ? trusting : verifying;
    int attempts = 1 + Math.max(0, webhook.retries == null ? 0 : webhook.retries);
    Duration backoff = firstBackoff;
    WebhookResult result = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      result = attempt(client, request);
      if (result.success() || !retriable(result) || attempt == attempts) {
        break;
      }
      if (!sleep(backoff)) {
        break;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
    if (!result.success()) {
      LOG.debugf(
          "canary=%s.%s webhook %s (%s) failed: %s",
          canary.getMetadata().getName(),
          canary.getMetadata().getNamespace(),
          webhook.name,
          Redaction.url(webhook.url),
          result.detail());
    }
    return result;
  }

  /**
   * The JSON payload of a call.
   *
   * @param canary the canary
   * @param webhook the webhook
   * @param phase the phase sent
   * @param extraMetadata metadata that wins over the webhook's own
   * @return the JSON text
   */
  static String payload(
      Canary canary, CanaryWebhook webhook, String phase, Map<String, String> extraMetadata) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", canary.getMetadata().getName());
    body.put("namespace", canary.getMetadata().getNamespace());
    body.put("phase", phase);
    body.put("checksum", checksum(canary));
    Map<String, String> metadata = new TreeMap<>();
    if (webhook.metadata != null) {
      metadata.putAll(webhook.metadata);
    }
    metadata.putAll(extraMetadata);
    if (!metadata.isEmpty()) {
      ObjectNode node = body.putObject("metadata");
      metadata.forEach(node::put);
    }
    return body.toString();
  }

  /**
   * A checksum of the revision under analysis: its pod template hash and config checksums.
   *
   * @param canary the canary
   * @return 16 hex characters
   */
  static String checksum(Canary canary) {
    StringBuilder text = new StringBuilder();
    if (canary.getStatus() != null) {
      text.append(canary.getStatus().lastAppliedSpec);
      if (canary.getStatus().trackedConfigs != null) {
        new TreeMap<>(canary.getStatus().trackedConfigs)
            .forEach((k, v) -> text.append('|').append(k).append('=').append(v));
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WebhookResult attempt(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      boolean success = status >= 200 && status < 300;
      return new WebhookResult(success, status, success ? "" : detail(status, response.body()));
    } catch (java.net.http.HttpTimeoutException e) {
      return new WebhookResult(
          false, 0, "timeout after " + request.timeout().orElseThrow().toMillis() + "ms");
    } catch (IOException e) {
      return new WebhookResult(false, 0, "connection failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new WebhookResult(false, 0, "interrupted");
    }
  }

  private static String detail(int status, String body) {
    String text = body == null ? "" : body.strip();
    if (text.length() > MAX_DETAIL) {
      text = text.substring(0, MAX_DETAIL) + "...";
    }
    return text.isEmpty() ? "status " + status : text;
  }

  private static boolean retriable(WebhookResult result) {
    return result.statusCode() == 0 || result.statusCode() == 429 || result.statusCode() >= 500;
  }

  private static Duration timeoutOf(CanaryWebhook webhook) {
    return Durations.parse(webhook.timeout)
        .filter(d -> !d.isZero() && !d.isNegative())
        .orElse(DEFAULT_TIMEOUT);
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Accepts every certificate, for webhooks with {@code disableTLS}. */
  private static final class TrustingManager implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
