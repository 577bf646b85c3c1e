package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;

/**
 * The names of the Services generated for a canary: the apex ({@code spec.service.name}, else the
 * target's name), {@code <apex>-primary} and {@code <apex>-canary}.
 *
 * @param apex the Service every client calls
 * @param primary the Service that selects the primary pods
 * @param canary the Service that selects the canary pods
 */
public record ServiceNames(String apex, String primary, String canary) {

  /**
   * The Service names of a canary.
   *
   * @param canary the canary
   * @return its names
   */
  public static ServiceNames of(Canary canary) {
    String apex =
        canary.getSpec().service != null && canary.getSpec().service.name != null
            ? canary.getSpec().service.name
            : canary.getSpec().targetRef.name;
    return new ServiceNames(apex, apex + "-primary", apex + "-canary");
  }
}
