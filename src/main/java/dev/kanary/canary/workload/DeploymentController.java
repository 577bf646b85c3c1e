package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Manages a canary whose target is a Deployment: scales it, and generates its primary. */
public final class DeploymentController extends AbstractWorkloadController<Deployment> {

  private static final Logger LOG = Logger.getLogger(DeploymentController.class);

  /**
   * Creates the controller, measuring deadlines with the system clock.
   *
   * @param client the Kubernetes client
   * @param selectorLabels the pod labels that may identify the target's pods, in order of
   *     preference (flag {@code -selector-labels})
   * @param includeLabelPrefix the prefixes of the target's labels copied to the primary; {@code *}
   *     copies all (flag {@code -include-label-prefix})
   * @param configTracking whether ConfigMaps and Secrets are tracked and copied (flag {@code
   *     -enable-config-tracking})
   */
  public DeploymentController(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking) {
    this(client, selectorLabels, includeLabelPrefix, configTracking, Clock.systemUTC());
  }

  /**
   * Creates the controller.
   *
   * @param client the Kubernetes client
   * @param selectorLabels the pod labels that may identify the target's pods, in order of
   *     preference
   * @param includeLabelPrefix the prefixes of the target's labels copied to the primary
   * @param configTracking whether ConfigMaps and Secrets are tracked and copied
   * @param clock the clock progress deadlines are measured with
   */
  public DeploymentController(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking,
      Clock clock) {
    super(client, selectorLabels, includeLabelPrefix, configTracking, clock);
  }

  @Override
  String kind() {
    return "deployment";
  }

  @Override
  NonNamespaceOperation<Deployment, ?, ? extends Resource<Deployment>> workloads(String namespace) {
    return client.apps().deployments().inNamespace(namespace);
  }

  @Override
  LabelSelector selectorOf(Deployment workload) {
    return workload.getSpec() == null ? null : workload.getSpec().getSelector();
  }

  @Override
  PodTemplateSpec templateOf(Deployment workload) {
    return workload.getSpec().getTemplate();
  }

  @Override
  Deployment newPrimary(
      Deployment target, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template) {
    DeploymentSpec spec = target.getSpec();
    return new DeploymentBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(atLeastOne(spec.getReplicas()))
        .withProgressDeadlineSeconds(spec.getProgressDeadlineSeconds())
        .withMinReadySeconds(spec.getMinReadySeconds())
        .withRevisionHistoryLimit(spec.getRevisionHistoryLimit())
        .withStrategy(clone(spec.getStrategy()))
        .withSelector(selector)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  @Override
  void copySettings(Canary canary, Deployment target, Deployment primary) {
    DeploymentSpec from = target.getSpec();
    DeploymentSpec to = primary.getSpec();
    to.setProgressDeadlineSeconds(from.getProgressDeadlineSeconds());
    to.setMinReadySeconds(from.getMinReadySeconds());
    to.setRevisionHistoryLimit(from.getRevisionHistoryLimit());
    to.setStrategy(clone(from.getStrategy()));
    if (canary.getSpec().autoscalerRef == null
        && (from.getReplicas() == null || from.getReplicas() > 0)) {
      to.setReplicas(atLeastOne(from.getReplicas()));
    }
  }

  @Override
  void setTemplate(Deployment primary, PodTemplateSpec template) {
    primary.getSpec().setTemplate(template);
  }

  /**
   * Flagger's rules: not ready while the controller has not seen the latest spec, while replicas
   * are being updated or old ones terminated, or while fewer than {@code threshold}% of the updated
   * replicas are available; failed for good once the Deployment exceeded its progress deadline, and
   * not retriable once its minimum availability has been missing for longer than the canary's
   * progress deadline.
   */
  @Override
  Readiness readiness(Canary canary, Deployment deployment, int threshold) {
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    if (orZero(deployment.getMetadata().getGeneration()) > orZero(status.getObservedGeneration())) {
      return Readiness.waiting(
          "waiting for rollout to finish: observed deployment generation less than desired"
              + " generation");
    }
    DeploymentCondition progressing = condition(status, "Progressing");
    if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.getReason())) {
      return Readiness.failed(
          "deployment \""
              + deployment.getMetadata().getName()
              + "\" exceeded its progress deadline");
    }
    int desired = replicasOrOne(deployment.getSpec().getReplicas());
    int updated = orZero(status.getUpdatedReplicas());
    int replicas = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    int required = updated * threshold / 100;
    String message;
    if (updated < desired) {
      message = updated + " out of " + desired + " new replicas have been updated";
    } else if (replicas > updated) {
      message = (replicas - updated) + " old replicas are pending termination";
    } else if (available < required) {
      message =
          available
              + " of "
              + required
              + " (readyThreshold "
              + threshold
              + "%) updated replicas are available";
    } else {
      return Readiness.READY;
    }
    return new Readiness(
        false, !stuck(canary, status), "waiting for rollout to finish: " + message);
  }

  /** Whether the Deployment has lacked its minimum availability for longer than the deadline. */
  private boolean stuck(Canary canary, DeploymentStatus status) {
    DeploymentCondition available = condition(status, "Available");
    if (available == null
        || !"False".equals(available.getStatus())
        || !"MinimumReplicasUnavailable".equals(available.getReason())) {
      return false;
    }
    Instant since = parseTime(available.getLastUpdateTime());
    return since != null
        && since
            .plus(Duration.ofSeconds(progressDeadlineSeconds(canary)))
            .isBefore(clock.instant());
  }

  private static DeploymentCondition condition(DeploymentStatus status, String type) {
    if (status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(condition -> type.equals(condition.getType()))
        .findFirst()
        .orElse(null);
  }

  @Override
  public void scaleToZero(Canary canary) {
    scaleTarget(canary, target(canary), 0);
  }

  @Override
  public void scaleFromZero(Canary canary) {
    Deployment target = target(canary);
    scaleTarget(canary, target, replicasFromZero(canary, target));
  }

  /** The primary's replicas when it exists, else the scale-from-zero rule. */
  @Override
  public void finalize(Canary canary) {
    Deployment target = target(canary);
    Deployment primary = get(canary, PrimaryMetadata.primaryName(target.getMetadata().getName()));
    int replicas =
        primary == null
            ? replicasFromZero(canary, target)
            : replicasOrOne(primary.getSpec().getReplicas());
    scaleTarget(canary, target, replicas);
  }

  /**
   * Flagger's rule for scaling the target up: its own replicas when above zero; else, without an
   * autoscaler, the primary's; else the autoscaler's minimum when above one; else one.
   */
  private int replicasFromZero(Canary canary, Deployment target) {
    Integer own = target.getSpec().getReplicas();
    if (own != null && own > 0) {
      return own;
    }
    if (canary.getSpec().autoscalerRef == null) {
      Deployment primary = get(canary, PrimaryMetadata.primaryName(target.getMetadata().getName()));
      Integer primaryReplicas = primary == null ? null : primary.getSpec().getReplicas();
      return primaryReplicas != null && primaryReplicas > 0 ? primaryReplicas : 1;
    }
    return hpaReconciler.minReplicas(canary);
  }

  private void scaleTarget(Canary canary, Deployment target, int replicas) {
    if (Objects.equals(target.getSpec().getReplicas(), replicas)) {
      return;
    }
    patchTarget(canary, PatchType.JSON_MERGE, "{\"spec\":{\"replicas\":" + replicas + "}}");
    LOG.infof("Scaled %s to %d replicas", describe(target), replicas);
  }

  private static int replicasOrOne(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static int atLeastOne(Integer replicas) {
    return replicas == null || replicas < 1 ? 1 : replicas;
  }
}
