package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the Deployment and DaemonSet controllers share: finding the target and its primary, building
 * and promoting the primary from the target's pod template, hashing revisions and tracking configs.
 *
 * @param <T> the workload type
 */
abstract class AbstractWorkloadController<T extends HasMetadata> implements WorkloadController {

  /** The progress deadline of canaries that declare none, in seconds. */
  static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

  /** The ready threshold of canaries that declare none, in percent. */
  static final int DEFAULT_READY_THRESHOLD = 100;

  private static final Logger LOG = Logger.getLogger(AbstractWorkloadController.class);

  /** The Kubernetes client. */
  protected final KubernetesClient client;

  /** The clock deadlines are measured with. */
  protected final Clock clock;

  /** The primary's copy of the target's autoscaler. */
  protected final HpaReconciler hpaReconciler;

  private final List<String> selectorLabels;
  private final PrimaryMetadata metadata;
  private final ConfigTracker configTracker;

  /**
   * Creates the controller.
   *
   * @param client the Kubernetes client
   * @param selectorLabels the pod labels that may identify the target's pods, in order of
   *     preference
   * @param includeLabelPrefix the prefixes of the target's labels copied to the primary
   * @param configTracking whether ConfigMaps and Secrets are tracked and copied
   * @param clock the clock deadlines are measured with
   */
  AbstractWorkloadController(
      KubernetesClient client,
      List<String> selectorLabels,
      List<String> includeLabelPrefix,
      boolean configTracking,
      Clock clock) {
    this.client = client;
    this.clock = clock;
    this.selectorLabels = List.copyOf(selectorLabels);
    this.metadata = new PrimaryMetadata(includeLabelPrefix);
    this.configTracker = new ConfigTracker(client, metadata, configTracking);
    this.hpaReconciler = new HpaReconciler(client, metadata);
  }

  /**
   * The kind in lower case, as errors and log lines name it.
   *
   * @return for example {@code deployment}
   */
  abstract String kind();

  /**
   * The workloads of this kind in a namespace.
   *
   * @param namespace the namespace
   * @return the operation
   */
  abstract NonNamespaceOperation<T, ?, ? extends Resource<T>> workloads(String namespace);

  /**
   * The workload's pod selector.
   *
   * @param workload the workload
   * @return its selector, or null
   */
  abstract LabelSelector selectorOf(T workload);

  /**
   * The workload's pod template.
   *
   * @param workload the workload
   * @return its template
   */
  abstract PodTemplateSpec templateOf(T workload);

  /**
   * Builds a new primary from the target.
   *
   * @param target the target
   * @param meta the primary's metadata
   * @param selector the primary's pod selector
   * @param template the primary's pod template
   * @return the primary, to be created
   */
  abstract T newPrimary(
      T target, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template);

  /**
   * Copies the target's rollout settings (strategy and the like, not the template) to the primary
   * at promotion.
   *
   * @param canary the canary
   * @param target the target
   * @param primary the primary, changed in place
   */
  abstract void copySettings(Canary canary, T target, T primary);

  /**
   * Sets the pod template of the primary.
   *
   * @param primary the primary, changed in place
   * @param template the template
   */
  abstract void setTemplate(T primary, PodTemplateSpec template);

  /**
   * Whether a workload has rolled out.
   *
   * @param canary the canary, for its progress deadline and status
   * @param workload the target or the primary
   * @param threshold the percentage of updated replicas that must be available
   * @return its readiness
   */
  abstract Readiness readiness(Canary canary, T workload, int threshold);

  /**
   * Checks that the target can be rolled out; by default every target can.
   *
   * @param canary the canary
   * @param target the target
   */
  void validate(Canary canary, T target) {}

  /**
   * Adjusts the pod template whose hash is the target's revision; by default the template as is.
   *
   * @param template a copy of the target's template, changed in place
   */
  void normalizeRevision(PodTemplateSpec template) {}

  /**
   * Adjusts the primary's pod spec after it was copied from the target; by default nothing.
   *
   * @param spec the primary's pod spec, changed in place
   */
  void adjustPrimaryPodSpec(PodSpec spec) {}

  @Override
  public Map.Entry<String, String> selector(Canary canary) {
    return selector(canary, target(canary));
  }

  @Override
  public void initialize(Canary canary) {
    T target = target(canary);
    Map.Entry<String, String> selector = selector(canary, target);
    validate(canary, target);
    String primaryName = primaryName(canary);
    if (get(canary, primaryName) == null) {
      Set<String> configs =
          configTracker.syncPrimaryCopies(canary, templateOf(target).getSpec(), describe(target));
      ObjectMeta meta =
          new ObjectMetaBuilder()
              .withName(primaryName)
              .withNamespace(namespace(canary))
              .withLabels(primaryLabels(target, selector))
              .withAnnotations(PrimaryMetadata.withoutFlux(target.getMetadata().getAnnotations()))
              .withOwnerReferences(PrimaryMetadata.controllerReference(canary))
              .build();
      LabelSelector primarySelector =
          new LabelSelectorBuilder()
              .addToMatchLabels(selector.getKey(), PrimaryMetadata.primaryName(selector.getValue()))
              .build();
      T primary =
          newPrimary(target, meta, primarySelector, primaryTemplate(target, selector, configs));
      write(canary, "creating", primaryName, () -> client.resource(primary).create());
      LOG.infof("Created %s", PrimaryMetadata.describe(kind(), primaryName, namespace(canary)));
    }
    hpaReconciler.initialize(canary);
  }

  @Override
  public String targetRevision(Canary canary) {
    PodTemplateSpec template = clone(templateOf(target(canary)));
    normalizeRevision(template);
    return Hashes.canonical(client.getKubernetesSerialization(), template);
  }

  @Override
  public Map<String, String> trackedConfigs(Canary canary) {
    T target = target(canary);
    return configTracker.checksums(canary, templateOf(target).getSpec(), describe(target));
  }

  @Override
  public Readiness primaryReadiness(Canary canary) {
    CanaryAnalysis analysis = analysis(canary);
    return readiness(
        canary,
        primary(canary),
        threshold(analysis == null ? null : analysis.primaryReadyThreshold));
  }

  @Override
  public Readiness canaryReadiness(Canary canary) {
    CanaryAnalysis analysis = analysis(canary);
    return readiness(
        canary, target(canary), threshold(analysis == null ? null : analysis.canaryReadyThreshold));
  }

  @Override
  public void promote(Canary canary) {
    T target = target(canary);
    Map.Entry<String, String> selector = selector(canary, target);
    T primary = primary(canary);
    Set<String> configs =
        configTracker.syncPrimaryCopies(canary, templateOf(target).getSpec(), describe(target));
    primary.getMetadata().setLabels(primaryLabels(target, selector));
    primary
        .getMetadata()
        .setAnnotations(PrimaryMetadata.withoutFlux(target.getMetadata().getAnnotations()));
    copySettings(canary, target, primary);
    setTemplate(primary, primaryTemplate(target, selector, configs));
    write(canary, "updating", primaryName(canary), () -> client.resource(primary).update());
    LOG.infof(
        "Promoted %s to %s",
        describe(target), PrimaryMetadata.describe(kind(), primaryName(canary), namespace(canary)));
    hpaReconciler.promote(canary);
  }

  /**
   * The target, which must exist.
   *
   * @param canary the canary
   * @return the target
   * @throws WorkloadException when it does not exist
   */
  T target(Canary canary) {
    return require(canary, canary.getSpec().targetRef.name);
  }

  /**
   * The primary, which must exist.
   *
   * @param canary the canary
   * @return the primary
   * @throws WorkloadException when it does not exist
   */
  T primary(Canary canary) {
    return require(canary, primaryName(canary));
  }

  /**
   * A workload of this kind in the canary's namespace.
   *
   * @param canary the canary
   * @param name the workload's name
   * @return the workload, or null when it does not exist
   */
  T get(Canary canary, String name) {
    return Requests.send(
        "reading " + PrimaryMetadata.describe(kind(), name, namespace(canary)),
        () -> workloads(namespace(canary)).withName(name).get());
  }

  /**
   * Patches the target.
   *
   * @param canary the canary
   * @param type {@link PatchType#JSON_MERGE} or {@link PatchType#JSON}
   * @param patch the patch
   */
  void patchTarget(Canary canary, PatchType type, String patch) {
    String name = canary.getSpec().targetRef.name;
    write(
        canary,
        "patching",
        name,
        () -> workloads(namespace(canary)).withName(name).patch(PatchContext.of(type), patch));
  }

  /**
   * Names a workload in errors and log lines.
   *
   * @param workload the workload
   * @return for example {@code deployment backend.prod}
   */
  String describe(T workload) {
    return PrimaryMetadata.describe(
        kind(), workload.getMetadata().getName(), workload.getMetadata().getNamespace());
  }

  /**
   * The namespace of the canary and all its workloads.
   *
   * @param canary the canary
   * @return the namespace
   */
  static String namespace(Canary canary) {
    return canary.getMetadata().getNamespace();
  }

  /**
   * The canary's progress deadline.
   *
   * @param canary the canary
   * @return {@code spec.progressDeadlineSeconds}, 600 when unset
   */
  static int progressDeadlineSeconds(Canary canary) {
    Integer seconds = canary.getSpec().progressDeadlineSeconds;
    return seconds == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : seconds;
  }

  /**
   * Parses a Kubernetes timestamp.
   *
   * @param timestamp an RFC 3339 time, or null
   * @return the instant, or null when absent or unreadable
   */
  static Instant parseTime(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * A count from a workload's status.
   *
   * @param value the field, or null
   * @return the field, 0 when null
   */
  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /**
   * A generation from a workload's metadata or status.
   *
   * @param value the field, or null
   * @return the field, 0 when null
   */
  static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  /**
   * A deep copy of a model object.
   *
   * @param value the object, or null
   * @param <V> its type
   * @return the copy, or null
   */
  <V> V clone(V value) {
    return value == null ? null : client.getKubernetesSerialization().clone(value);
  }

  private Map.Entry<String, String> selector(Canary canary, T target) {
    LabelSelector selector = selectorOf(target);
    Map<String, String> matchLabels = selector == null ? null : selector.getMatchLabels();
    if (matchLabels != null) {
      for (String label : selectorLabels) {
        String value = matchLabels.get(label);
        if (value != null) {
          return Map.entry(label, value);
        }
      }
    }
    throw new WorkloadException(
        target.getMetadata().getName()
            + "."
            + namespace(canary)
            + " spec.selector.matchLabels must contain one of "
            + selectorLabels);
  }

  private T require(Canary canary, String name) {
    T workload = get(canary, name);
    if (workload == null) {
      throw new WorkloadException(
          PrimaryMetadata.describe(kind(), name, namespace(canary)) + " not found");
    }
    return workload;
  }

  private static String primaryName(Canary canary) {
    return PrimaryMetadata.primaryName(canary.getSpec().targetRef.name);
  }

  private static CanaryAnalysis analysis(Canary canary) {
    return canary.getSpec().analysis != null
        ? canary.getSpec().analysis
        : canary.getSpec().canaryAnalysis;
  }

  private static int threshold(Integer threshold) {
    return threshold == null ? DEFAULT_READY_THRESHOLD : threshold;
  }

  private void write(Canary canary, String action, String name, Supplier<?> request) {
    Requests.send(
        action + " " + PrimaryMetadata.describe(kind(), name, namespace(canary)), request);
  }

  /** The primary's labels: the target's included labels, the selector label pointing at it. */
  private Map<String, String> primaryLabels(T target, Map.Entry<String, String> selector) {
    return PrimaryMetadata.primaryLabels(
        metadata.included(target.getMetadata().getLabels()), selector);
  }

  /**
   * The primary's pod template: the target's, with the selector label pointing at the primary, a
   * new {@code flagger-id}, references to the primary copies of the tracked configs, and pod
   * (anti-)affinity and topology spread selectors that match the target's pods pointed at the
   * primary's.
   */
  private PodTemplateSpec primaryTemplate(
      T target, Map.Entry<String, String> selector, Set<String> configs) {
    PodTemplateSpec template = clone(templateOf(target));
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    meta.setLabels(PrimaryMetadata.primaryLabels(meta.getLabels(), selector));
    meta.setAnnotations(PrimaryMetadata.podAnnotations(meta.getAnnotations()));
    template.setMetadata(meta);
    PodSpec spec = template.getSpec();
    if (spec != null) {
      ConfigTracker.usePrimaryCopies(spec, configs);
      for (LabelSelector labelSelector : podSelectors(spec)) {
        pointAtPrimary(labelSelector, selector.getValue());
      }
      adjustPrimaryPodSpec(spec);
    }
    return template;
  }

  private static List<LabelSelector> podSelectors(PodSpec spec) {
    List<LabelSelector> selectors = new ArrayList<>();
    if (spec.getTopologySpreadConstraints() != null) {
      for (TopologySpreadConstraint constraint : spec.getTopologySpreadConstraints()) {
        selectors.add(constraint.getLabelSelector());
      }
    }
    PodAntiAffinity antiAffinity =
        spec.getAffinity() == null ? null : spec.getAffinity().getPodAntiAffinity();
    if (antiAffinity != null) {
      if (antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
        for (WeightedPodAffinityTerm term :
            antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()) {
          if (term.getPodAffinityTerm() != null) {
            selectors.add(term.getPodAffinityTerm().getLabelSelector());
          }
        }
      }
      if (antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        for (PodAffinityTerm term :
            antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()) {
          selectors.add(term.getLabelSelector());
        }
      }
    }
    selectors.removeIf(selector -> selector == null);
    return selectors;
  }

  private void pointAtPrimary(LabelSelector labelSelector, String targetValue) {
    String primaryValue = PrimaryMetadata.primaryName(targetValue);
    if (labelSelector.getMatchLabels() != null) {
      labelSelector
          .getMatchLabels()
          .replaceAll(
              (key, value) ->
                  selectorLabels.contains(key) && targetValue.equals(value) ? primaryValue : value);
    }
    if (labelSelector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : labelSelector.getMatchExpressions()) {
        if (selectorLabels.contains(requirement.getKey()) && requirement.getValues() != null) {
          requirement
              .getValues()
              .replaceAll(value -> targetValue.equals(value) ? primaryValue : value);
        }
      }
    }
  }
}
