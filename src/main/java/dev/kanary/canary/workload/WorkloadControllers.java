package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.TargetReference;
import dev.kanary.config.KanaryConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;

/** Chooses the workload controller of a canary by the kind of its target. */
public final class WorkloadControllers {

  private final DeploymentController deployments;
  private final DaemonSetController daemonSets;

  /**
   * Creates the factory, measuring deadlines with the system clock.
   *
   * @param client the Kubernetes client
   * @param selectorLabels the pod labels that may identify a target's pods, in order of preference
   * @param includeLabelPrefix the prefixes of a target's labels copied to its primary; {@code *}
   *     copies all
   * @param configTracking whether ConfigMaps and Secrets are tracked and copied
   */
  public WorkloadControllers(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking) {
    this(client, selectorLabels, includeLabelPrefix, configTracking, Clock.systemUTC());
  }

  /**
   * Creates the factory.
   *
   * @param client the Kubernetes client
   * @param selectorLabels the pod labels that may identify a target's pods, in order of preference
   * @param includeLabelPrefix the prefixes of a target's labels copied to its primary; {@code *}
   *     copies all
   * @param configTracking whether ConfigMaps and Secrets are tracked and copied
   * @param clock the clock progress deadlines are measured with
   */
  public WorkloadControllers(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking,
      Clock clock) {
    this.deployments =
        new DeploymentController(client, selectorLabels, includeLabelPrefix, configTracking, clock);
    this.daemonSets =
        new DaemonSetController(client, selectorLabels, includeLabelPrefix, configTracking, clock);
  }

  /**
   * Creates the factory from the operator's configuration.
   *
   * @param client the Kubernetes client
   * @param config the configuration: selector labels, include-label prefixes, config tracking
   * @param clock the clock progress deadlines are measured with
   * @return the factory
   */
  public static WorkloadControllers of(KubernetesClient client, KanaryConfig config, Clock clock) {
    return new WorkloadControllers(
        client,
        config.selectorLabels(),
        config.includeLabelPrefix().orElse(List.of()),
        config.configTracking(),
        clock);
  }

  /**
   * The controller of a canary's target.
   *
   * @param canary the canary
   * @return the Deployment or DaemonSet controller
   * @throws WorkloadException when the target's kind is not supported
   */
  public WorkloadController forCanary(Canary canary) {
    TargetReference target = canary.getSpec() == null ? null : canary.getSpec().targetRef;
    String kind = target == null ? null : target.kind;
    if (TargetReference.Kind.Deployment.name().equals(kind)) {
      return deployments;
    }
    if (TargetReference.Kind.DaemonSet.name().equals(kind)) {
      return daemonSets;
    }
    throw new WorkloadException("target kind " + kind + " is not supported yet");
  }
}
