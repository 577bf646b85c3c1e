package dev.kanary.notifier;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads one value of a Secret, plain from {@code stringData} or base64-decoded from {@code data}.
 */
final class SecretValues {

  private SecretValues() {}

  /**
   * Reads a Secret's value. {@code stringData} wins over {@code data}, as when the API server
   * merges them.
   *
   * @param secret the Secret
   * @param key the key
   * @return the value without surrounding white space, or empty when the key is absent, blank or
   *     not valid base64
   */
  static Optional<String> read(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return nonBlank(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        byte[] decoded = Base64.getMimeDecoder().decode(secret.getData().get(key));
        return nonBlank(new String(decoded, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nonBlank(String value) {
    String trimmed = value.trim();
    return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
  }
}
