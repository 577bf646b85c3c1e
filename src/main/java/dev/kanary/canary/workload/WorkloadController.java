package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import java.util.Map;

/**
 * Manages the workloads of one canary: the target the user deploys (Deployment or DaemonSet) and
 * the {@code <target>-primary} copy Kanary generates, with the copies of the ConfigMaps, Secrets
 * and autoscaler the target uses.
 *
 * <p>Every method is idempotent and writes only what differs, so that the engine can run it at
 * every step and resume after a restart. Failures throw {@link WorkloadException} with a message
 * naming the object.
 */
public interface WorkloadController {

  /**
   * The pod label that identifies the target's pods: the first of the configured selector labels
   * present in the target's selector.
   *
   * @param canary the canary
   * @return the label key and the target's value of it
   * @throws WorkloadException when the target is missing or its selector has none of the labels
   */
  Map.Entry<String, String> selector(Canary canary);

  /**
   * Creates the primary workload if it does not exist (never recreates it), with the copies of the
   * tracked ConfigMaps and Secrets and of the autoscaler.
   *
   * @param canary the canary
   */
  void initialize(Canary canary);

  /**
   * The revision of the target: a hash of its pod template.
   *
   * @param canary the canary
   * @return the hash
   */
  String targetRevision(Canary canary);

  /**
   * The checksums of the ConfigMaps and Secrets the target uses, as tracked in {@code
   * status.trackedConfigs}: keys {@code configmap/<name>} and {@code secret/<name>}.
   *
   * @param canary the canary
   * @return the checksums; empty when config tracking is off
   */
  Map<String, String> trackedConfigs(Canary canary);

  /**
   * Whether the primary has rolled out, given {@code analysis.primaryReadyThreshold}.
   *
   * @param canary the canary
   * @return its readiness
   */
  Readiness primaryReadiness(Canary canary);

  /**
   * Whether the target (the canary) has rolled out, given {@code analysis.canaryReadyThreshold}.
   *
   * @param canary the canary
   * @return its readiness
   */
  Readiness canaryReadiness(Canary canary);

  /**
   * Scales the target to zero (a DaemonSet: makes it schedule no pod).
   *
   * @param canary the canary
   */
  void scaleToZero(Canary canary);

  /**
   * Scales the target up for an analysis: to its own replicas if set, else the primary's, else the
   * autoscaler's minimum, else one.
   *
   * @param canary the canary
   */
  void scaleFromZero(Canary canary);

  /**
   * Copies the target's pod template (and the tracked ConfigMaps and Secrets) to the primary, so
   * the primary rolls out the canary's revision.
   *
   * @param canary the canary
   */
  void promote(Canary canary);

  /**
   * Gives the target its pods back before the canary goes away: scales it to the primary's replicas
   * (a DaemonSet: lets it schedule again).
   *
   * @param canary the canary being deleted
   */
  void finalize(Canary canary);
}
