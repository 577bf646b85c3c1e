package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AutoscalerReference;
import dev.kanary.api.v1beta1.spec.ScalerReplicas;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Keeps the primary's HorizontalPodAutoscaler ({@code autoscaling/v2}) in step with the target's:
 * {@code <hpa>-primary} scales {@code <target>-primary} with the target HPA's metrics and behaviour
 * and the replica bounds of {@code autoscalerRef.primaryScalerReplicas} when set. The target's HPA
 * is never changed.
 */
final class HpaReconciler {

  private static final String HPA_KIND = AutoscalerReference.Kind.HorizontalPodAutoscaler.name();
  private static final String SCALED_OBJECT_KIND = AutoscalerReference.Kind.ScaledObject.name();

  private static final Logger LOG = Logger.getLogger(HpaReconciler.class);

  private final KubernetesClient client;
  private final PrimaryMetadata metadata;

  /**
   * Creates the reconciler.
   *
   * @param client the Kubernetes client
   * @param metadata the rules for the primary HPA's labels and annotations
   */
  HpaReconciler(KubernetesClient client, PrimaryMetadata metadata) {
    this.client = client;
    this.metadata = metadata;
  }

  /**
   * Creates the primary HPA if the canary has an autoscaler and the copy does not exist yet.
   *
   * @param canary the canary
   * @throws WorkloadException when the target's HPA is missing or the autoscaler kind is not
   *     supported
   */
  void initialize(Canary canary) {
    if (autoscaler(canary) == null) {
      return;
    }
    HorizontalPodAutoscaler target = targetHpa(canary);
    if (get(canary, primaryHpaName(canary)) == null) {
      HorizontalPodAutoscaler primary = desired(canary, target);
      Requests.send("creating " + describe(primary), () -> client.resource(primary).create());
      LOG.infof("Created %s", describe(primary));
    }
  }

  /**
   * Brings the primary HPA in line with the target's, creating it if it is missing and writing it
   * only when its bounds, metrics, behaviour, labels or annotations differ.
   *
   * @param canary the canary
   */
  void promote(Canary canary) {
    if (autoscaler(canary) == null) {
      return;
    }
    HorizontalPodAutoscaler target = targetHpa(canary);
    HorizontalPodAutoscaler desired = desired(canary, target);
    HorizontalPodAutoscaler existing = get(canary, primaryHpaName(canary));
    if (existing == null) {
      Requests.send("creating " + describe(desired), () -> client.resource(desired).create());
    } else if (differs(existing, desired)) {
      existing.getMetadata().setLabels(desired.getMetadata().getLabels());
      existing.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
      existing.getSpec().setMinReplicas(desired.getSpec().getMinReplicas());
      existing.getSpec().setMaxReplicas(desired.getSpec().getMaxReplicas());
      existing.getSpec().setMetrics(desired.getSpec().getMetrics());
      existing.getSpec().setBehavior(desired.getSpec().getBehavior());
      existing.getSpec().setScaleTargetRef(desired.getSpec().getScaleTargetRef());
      Requests.send("updating " + describe(existing), () -> client.resource(existing).update());
    } else {
      return;
    }
    LOG.infof("Synced %s", describe(desired));
  }

  /**
   * The replicas the target's HPA asks for at least, used when the target is scaled up from zero.
   *
   * @param canary the canary, which must have an autoscaler
   * @return the HPA's {@code minReplicas} when above 1, else 1 (also when the HPA is missing)
   */
  int minReplicas(Canary canary) {
    AutoscalerReference reference = autoscaler(canary);
    HorizontalPodAutoscaler hpa = reference == null ? null : get(canary, reference.name);
    Integer min = hpa == null || hpa.getSpec() == null ? null : hpa.getSpec().getMinReplicas();
    return min != null && min > 1 ? min : 1;
  }

  /** The canary's autoscaler reference when it has one, rejecting the kinds not supported. */
  private static AutoscalerReference autoscaler(Canary canary) {
    AutoscalerReference reference = canary.getSpec().autoscalerRef;
    if (reference == null) {
      return null;
    }
    if (SCALED_OBJECT_KIND.equals(reference.kind)) {
      throw new WorkloadException("ScaledObject autoscalers are not supported yet");
    }
    if (!HPA_KIND.equals(reference.kind)) {
      throw new WorkloadException("autoscaler kind " + reference.kind + " is not supported");
    }
    return reference;
  }

  private HorizontalPodAutoscaler targetHpa(Canary canary) {
    String name = canary.getSpec().autoscalerRef.name;
    HorizontalPodAutoscaler hpa = get(canary, name);
    if (hpa == null || hpa.getSpec() == null) {
      throw new WorkloadException(
          "HorizontalPodAutoscaler "
              + name
              + "."
              + canary.getMetadata().getNamespace()
              + " not found");
    }
    return hpa;
  }

  private HorizontalPodAutoscaler get(Canary canary, String name) {
    String namespace = canary.getMetadata().getNamespace();
    return Requests.send(
        "reading HorizontalPodAutoscaler " + name + "." + namespace,
        () ->
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .withName(name)
                .get());
  }

  private static String describe(HorizontalPodAutoscaler hpa) {
    return "HorizontalPodAutoscaler "
        + hpa.getMetadata().getName()
        + "."
        + hpa.getMetadata().getNamespace();
  }

  private static String primaryHpaName(Canary canary) {
    return PrimaryMetadata.primaryName(canary.getSpec().autoscalerRef.name);
  }

  private HorizontalPodAutoscaler desired(Canary canary, HorizontalPodAutoscaler target) {
    HorizontalPodAutoscalerSpec spec = target.getSpec();
    ScalerReplicas bounds = canary.getSpec().autoscalerRef.primaryScalerReplicas;
    Integer min =
        bounds != null && bounds.minReplicas != null ? bounds.minReplicas : spec.getMinReplicas();
    Integer max =
        bounds != null && bounds.maxReplicas != null ? bounds.maxReplicas : spec.getMaxReplicas();
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(primaryHpaName(canary))
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(metadata.included(target.getMetadata().getLabels()))
            .withAnnotations(metadata.included(target.getMetadata().getAnnotations()))
            .withOwnerReferences(PrimaryMetadata.controllerReference(canary))
            .build();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withScaleTargetRef(
            new CrossVersionObjectReferenceBuilder(spec.getScaleTargetRef())
                .withName(PrimaryMetadata.primaryName(canary.getSpec().targetRef.name))
                .build())
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .withMetrics(spec.getMetrics())
        .withBehavior(spec.getBehavior())
        .endSpec()
        .build();
  }

  private static boolean differs(
      HorizontalPodAutoscaler existing, HorizontalPodAutoscaler desired) {
    HorizontalPodAutoscalerSpec have = existing.getSpec();
    HorizontalPodAutoscalerSpec want = desired.getSpec();
    return have == null
        || orOne(have.getMinReplicas()) != orOne(want.getMinReplicas())
        || !Objects.equals(have.getMaxReplicas(), want.getMaxReplicas())
        || !list(have.getMetrics()).equals(list(want.getMetrics()))
        || !Objects.equals(have.getBehavior(), want.getBehavior())
        || !Objects.equals(have.getScaleTargetRef(), want.getScaleTargetRef())
        || !map(existing.getMetadata().getLabels()).equals(map(desired.getMetadata().getLabels()))
        || !map(existing.getMetadata().getAnnotations())
            .equals(map(desired.getMetadata().getAnnotations()));
  }

  private static int orOne(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, String> map(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
