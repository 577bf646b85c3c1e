package dev.kanary.metrics;

import dev.kanary.metrics.MetricProviderException.Kind;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What a {@link MetricProvider} is built from: one MetricTemplate's provider spec and Secret, and
 * one metric check's interval.
 *
 * @param http the HTTP client, verifying TLS or not as the template's {@code insecureSkipVerify}
 *     asks
 * @param address the template's {@code spec.provider.address}, or null
 * @param secret the decoded values of the template's Secret, or null when it references none
 * @param interval the metric check's {@code interval}
 * @param clock the clock that time windows are computed from
 * @param timeout how long one request may take
 */
public record ProviderSettings(
    HttpClient http,
    String address,
    Map<String, String> secret,
    Duration interval,
    Clock clock,
    Duration timeout) {

  /** Freezes the Secret's values. */
  public ProviderSettings {
    secret = secret == null ? null : Map.copyOf(secret);
  }

  /**
   * Tells whether the template references a Secret.
   *
   * @return true when it does
   */
  public boolean hasSecret() {
    return secret != null;
  }

  /**
   * A value of the Secret that the provider needs.
   *
   * @param provider the provider type, for the message
   * @param key the Secret key
   * @return the value, without a trailing line end
   * @throws MetricProviderException of kind {@link Kind#INVALID_REQUEST} when the template
   *     references no Secret or the Secret lacks the key
   */
  public String required(String provider, String key) throws MetricProviderException {
    String value = secret == null ? null : secret.get(key);
    if (value == null) {
      throw new MetricProviderException(
          Kind.INVALID_REQUEST, provider + " credentials do not contain " + key);
    }
    return value.replaceAll("[\\r\\n]+$", "");
  }
}
