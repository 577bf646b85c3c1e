package dev.kanary.notifier;

import dev.kanary.api.v1beta1.AlertProvider;
import java.util.Optional;

/**
 * Finds an AlertProvider by namespace and name, usually in an informer's cache.
 *
 * <p>Called on the rollout's thread for every alert a canary sends, so implementations should
 * answer from memory and not call the API server.
 */
@FunctionalInterface
public interface AlertProviderLookup {

  /**
   * Finds an AlertProvider.
   *
   * @param namespace the AlertProvider's namespace
   * @param name the AlertProvider's name
   * @return the AlertProvider, or empty when it does not exist
   */
  Optional<AlertProvider> find(String namespace, String name);
}
