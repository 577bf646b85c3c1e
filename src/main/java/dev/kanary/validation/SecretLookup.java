package dev.kanary.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Finds a Secret by namespace and name, usually in an informer's cache. */
@FunctionalInterface
public interface SecretLookup {

  /**
   * Finds a Secret.
   *
   * @param namespace the Secret's namespace
   * @param name the Secret's name
   * @return the Secret, or empty when it does not exist
   */
  Optional<Secret> find(String namespace, String name);
}
