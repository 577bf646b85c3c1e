package dev.kanary.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashSet;
import java.util.Set;

/** Reads which keys a Secret holds, from both {@code data} and {@code stringData}. */
final class SecretKeys {

  private SecretKeys() {}

  /**
   * The keys of a Secret that hold a non-empty value.
   *
   * @param secret the Secret
   * @return its keys; the values are never read out
   */
  static Set<String> of(Secret secret) {
    Set<String> keys = new HashSet<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> addIfPresent(keys, k, v));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> addIfPresent(keys, k, v));
    }
    return keys;
  }

  private static void addIfPresent(Set<String> keys, String key, String value) {
    if (value != null && !value.isEmpty()) {
      keys.add(key);
    }
  }
}
