package dev.kanary.testing;

import static org.awaitility.Awaitility.await;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polls a cluster until a canary there reaches a state, failing the test if it never does.
 *
 * @param client the client to read canaries with
 * @param atMost how long one wait may last before the test fails
 * @param pollInterval how often a wait reads the canary
 */
public record CanaryWaits(KubernetesClient client, Duration atMost, Duration pollInterval) {

  /**
   * Waits until a canary exists and satisfies a condition.
   *
   * @param ns the namespace
   * @param name the canary
   * @param done the condition
   * @return the canary as last read
   */
  public Canary until(String ns, String name, Predicate<Canary> done) {
    return await()
        .atMost(atMost)
        .pollInterval(pollInterval)
        .until(
            () -> client.resources(Canary.class).inNamespace(ns).withName(name).get(),
            c -> c != null && done.test(c));
  }

  /**
   * Waits until a canary's status shows a phase.
   *
   * @param ns the namespace
   * @param name the canary
   * @param phase the phase
   * @return the canary as last read
   */
  public Canary phase(String ns, String name, CanaryPhase phase) {
    return until(
        ns, name, c -> c.getStatus() != null && phase.wireName().equals(c.getStatus().phase));
  }

  /**
   * Waits until a canary's status shows a canary weight.
   *
   * @param ns the namespace
   * @param name the canary
   * @param weight the weight, in percent
   * @return the canary as last read
   */
  public Canary weight(String ns, String name, int weight) {
    return until(
        ns,
        name,
        c -> c.getStatus() != null && Integer.valueOf(weight).equals(c.getStatus().canaryWeight));
  }
}
