package dev.kanary.testing;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Builds the Canary resources tests create: a fast analysis over a workload and port 9898. */
public final class Canaries {

  private Canaries() {}

  /**
   * A canary named after its target, analysed every second, failing after two failed checks.
   *
   * @param ns the namespace
   * @param target the target workload's name, also the canary's name
   * @param kind the target's kind: {@code Deployment} or {@code DaemonSet}
   * @param provider the service mesh or ingress provider, such as {@code kubernetes} or {@code
   *     istio}
   * @param iterations the analysis iterations before promotion
   * @return the canary, its revertOnDeletion left unset
   */
  public static Canary canary(
      String ns, String target, String kind, String provider, int iterations) {
    return Serialization.unmarshal(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: %s
          namespace: %s
        spec:
          provider: %s
          targetRef:
            apiVersion: apps/v1
            kind: %s
            name: %s
          service:
            port: 9898
          analysis:
            interval: 1s
            threshold: 2
            iterations: %d
        """
            .formatted(target, ns, provider, kind, target, iterations),
        Canary.class);
  }
}
