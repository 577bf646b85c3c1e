package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Manages a canary whose target is a DaemonSet: generates its primary, and "scales" the target by
 * giving its pods a node selector no node matches.
 */
public final class DaemonSetController extends AbstractWorkloadController<DaemonSet> {

  /** The node selector key that keeps a scaled-down DaemonSet's pods off every node. */
  static final String SCALE_TO_ZERO_KEY = "flagger.app/scale-to-zero";

  private static final String SCALE_TO_ZERO_VALUE = "true";

  /** The JSON pointer of the scale-to-zero node selector ({@code /} escaped as {@code ~1}). */
  private static final String SCALE_TO_ZERO_POINTER =
      "/spec/template/spec/nodeSelector/flagger.app~1scale-to-zero";

  private static final String ROLLING_UPDATE = "RollingUpdate";

  private static final Logger LOG = Logger.getLogger(DaemonSetController.class);

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
  public DaemonSetController(
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
  public DaemonSetController(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking,
      Clock clock) {
    super(client, selectorLabels, includeLabelPrefix, configTracking, clock);
  }

  @Override
  String kind() {
    return "daemonset";
  }

  @Override
  NonNamespaceOperation<DaemonSet, ?, ? extends Resource<DaemonSet>> workloads(String namespace) {
    return client.apps().daemonSets().inNamespace(namespace);
  }

  @Override
  LabelSelector selectorOf(DaemonSet workload) {
    return workload.getSpec() == null ? null : workload.getSpec().getSelector();
  }

  @Override
  PodTemplateSpec templateOf(DaemonSet workload) {
    return workload.getSpec().getTemplate();
  }

  /** A DaemonSet that replaces its pods only when deleted could never roll out the canary. */
  @Override
  void validate(Canary canary, DaemonSet target) {
    DaemonSetSpec spec = target.getSpec();
    String type = spec.getUpdateStrategy() == null ? null : spec.getUpdateStrategy().getType();
    if (type != null && !type.isEmpty() && !ROLLING_UPDATE.equals(type)) {
      throw new WorkloadException(
          describe(target) + " must have RollingUpdate strategy but has " + type);
    }
  }

  /** The scale-to-zero node selector is Kanary's, not a new revision. */
  @Override
  void normalizeRevision(PodTemplateSpec template) {
    if (template.getSpec() != null) {
      withoutScaleToZero(template.getSpec());
    }
  }

  @Override
  void adjustPrimaryPodSpec(PodSpec spec) {
    withoutScaleToZero(spec);
  }

  @Override
  DaemonSet newPrimary(
      DaemonSet target, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template) {
    DaemonSetSpec spec = target.getSpec();
    return new DaemonSetBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withMinReadySeconds(spec.getMinReadySeconds())
        .withRevisionHistoryLimit(spec.getRevisionHistoryLimit())
        .withUpdateStrategy(clone(spec.getUpdateStrategy()))
        .withSelector(selector)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  @Override
  void copySettings(Canary canary, DaemonSet target, DaemonSet primary) {
    DaemonSetSpec from = target.getSpec();
    DaemonSetSpec to = primary.getSpec();
    to.setMinReadySeconds(from.getMinReadySeconds());
    to.setRevisionHistoryLimit(from.getRevisionHistoryLimit());
    to.setUpdateStrategy(clone(from.getUpdateStrategy()));
  }

  @Override
  void setTemplate(DaemonSet primary, PodTemplateSpec template) {
    primary.getSpec().setTemplate(template);
  }

  /**
   * Not ready while the controller has not seen the latest spec, while pods are being updated, or
   * while fewer than {@code threshold}% of the desired pods are available; failed for good once
   * that has lasted longer than the canary's progress deadline since its last status change.
   */
  @Override
  Readiness readiness(Canary canary, DaemonSet daemonSet, int threshold) {
    DaemonSetStatus status =
        daemonSet.getStatus() == null ? new DaemonSetStatus() : daemonSet.getStatus();
    if (orZero(daemonSet.getMetadata().getGeneration()) > orZero(status.getObservedGeneration())) {
      return Readiness.waiting(
          "waiting for rollout to finish: observed daemonset generation less than desired"
              + " generation");
    }
    int desired = orZero(status.getDesiredNumberScheduled());
    int updated = orZero(status.getUpdatedNumberScheduled());
    int available = orZero(status.getNumberAvailable());
    int required = desired * threshold / 100;
    if (updated >= desired && available >= required) {
      return Readiness.READY;
    }
    if (deadlineExceeded(canary)) {
      return Readiness.failed(
          "daemonset \"" + daemonSet.getMetadata().getName() + "\" exceeded its progress deadline");
    }
    if (updated < desired) {
      return Readiness.waiting(
          "waiting for rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new pods have been updated");
    }
    return Readiness.waiting(
        "waiting for rollout to finish: "
            + available
            + " of "
            + required
            + " (readyThreshold "
            + threshold
            + "%) updated pods are available");
  }

  private boolean deadlineExceeded(Canary canary) {
    Instant since =
        canary.getStatus() == null ? null : parseTime(canary.getStatus().lastTransitionTime);
    return since != null
        && since
            .plus(Duration.ofSeconds(progressDeadlineSeconds(canary)))
            .isBefore(clock.instant());
  }

  @Override
  public void scaleToZero(Canary canary) {
    DaemonSet target = target(canary);
    if (SCALE_TO_ZERO_VALUE.equals(nodeSelector(target).get(SCALE_TO_ZERO_KEY))) {
      return;
    }
    addScaleToZeroSelector(canary);
    LOG.infof("Scaled %s to zero", describe(target));
  }

  @Override
  public void scaleFromZero(Canary canary) {
    DaemonSet target = target(canary);
    if (!nodeSelector(target).containsKey(SCALE_TO_ZERO_KEY)) {
      return;
    }
    removeScaleToZeroSelector(canary);
    LOG.infof("Scaled %s up from zero", describe(target));
  }

  @Override
  public void finalize(Canary canary) {
    scaleFromZero(canary);
  }

  /** A merge patch adds the key, keeping the user's node selector. */
  private void addScaleToZeroSelector(Canary canary) {
    patchTarget(
        canary,
        PatchType.JSON_MERGE,
        "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\""
            + SCALE_TO_ZERO_KEY
            + "\":\""
            + SCALE_TO_ZERO_VALUE
            + "\"}}}}}");
  }

  /** A JSON patch removes the key: the sandbox's API server ignores nulls in merge patches. */
  private void removeScaleToZeroSelector(Canary canary) {
    patchTarget(
        canary, PatchType.JSON, "[{\"op\":\"remove\",\"path\":\"" + SCALE_TO_ZERO_POINTER + "\"}]");
  }

  private static Map<String, String> nodeSelector(DaemonSet daemonSet) {
    PodSpec spec = daemonSet.getSpec().getTemplate().getSpec();
    return spec == null || spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
  }

  private static void withoutScaleToZero(PodSpec spec) {
    if (spec.getNodeSelector() != null) {
      spec.getNodeSelector().remove(SCALE_TO_ZERO_KEY);
      if (spec.getNodeSelector().isEmpty()) {
        spec.setNodeSelector(null);
      }
    }
  }
}
