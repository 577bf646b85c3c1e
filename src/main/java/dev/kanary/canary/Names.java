package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;

/** The {@code name.namespace} forms Flagger's messages use for a canary and its target. */
public final class Names {

  private Names() {}

  /**
   * The canary as {@code name.namespace}.
   *
   * @param canary the canary
   * @return for example {@code backend.prod}
   */
  public static String of(Canary canary) {
    return canary.getMetadata().getName() + "." + canary.getMetadata().getNamespace();
  }

  /**
   * The target as {@code name.namespace}.
   *
   * @param canary the canary
   * @return for example {@code backend.prod}
   */
  public static String target(Canary canary) {
    return canary.getSpec().targetRef.name + "." + canary.getMetadata().getNamespace();
  }

  /**
   * The primary workload as {@code name-primary.namespace}.
   *
   * @param canary the canary
   * @return for example {@code backend-primary.prod}
   */
  public static String primary(Canary canary) {
    return canary.getSpec().targetRef.name + "-primary." + canary.getMetadata().getNamespace();
  }
}
