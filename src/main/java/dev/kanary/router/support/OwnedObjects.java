package dev.kanary.router.support;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.api.v1beta1.spec.CustomMetadata;
import dev.kanary.router.RoutingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every router does with the objects it owns: writes that retry a lost race, ownership checks
 * against the Canary, and the apex metadata copied onto routing objects.
 */
public final class OwnedObjects {

  /** How many times a read-compare-write is tried when another writer won the race. */
  public static final int WRITE_ATTEMPTS = 3;

  private static final String FLUX_KEY_MARK = "toolkit.fluxcd.io";

  private OwnedObjects() {}

  /**
   * Runs a read-compare-write of one object, again when the write lost a race with another writer
   * (HTTP 409), up to {@value #WRITE_ATTEMPTS} times.
   *
   * @param canary the canary the object belongs to
   * @param kind the object's kind, for the error message
   * @param name the object's name
   * @param attempt reads, compares and writes the object
   * @throws RoutingException when the write fails for another reason or too often
   */
  public static void write(Canary canary, String kind, String name, Runnable attempt) {
    for (int round = 1; ; round++) {
      try {
        attempt.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && round < WRITE_ATTEMPTS) {
          continue;
        }
        throw new RoutingException(
            String.format(
                "%s %s.%s cannot be written: %s",
                kind, name, canary.getMetadata().getNamespace(), e.getMessage()),
            e);
      }
    }
  }

  /**
   * Tells whether a Canary is an object's controller.
   *
   * @param object the object
   * @param canary the canary
   * @return true when a controller owner reference names the canary
   */
  public static boolean isControlledBy(HasMetadata object, Canary canary) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                owner ->
                    Boolean.TRUE.equals(owner.getController()) && isReferenceTo(owner, canary));
  }

  /**
   * Tells whether an owner reference names a Canary: by UID when both have one, else by name.
   *
   * @param owner the owner reference
   * @param canary the canary
   * @return true when it does
   */
  public static boolean isReferenceTo(OwnerReference owner, Canary canary) {
    boolean sameKind =
        HasMetadata.getKind(Canary.class).equals(owner.getKind())
            && owner.getApiVersion() != null
            && owner.getApiVersion().startsWith(Canary.GROUP + "/");
    String uid = canary.getMetadata().getUid();
    return sameKind
        && (uid != null && owner.getUid() != null
            ? uid.equals(owner.getUid())
            : Objects.equals(canary.getMetadata().getName(), owner.getName()));
  }

  /**
   * The labels {@code service.apex} adds to routing objects.
   *
   * @param service the canary's service spec
   * @return the labels, empty when none
   */
  public static Map<String, String> apexLabels(CanaryService service) {
    CustomMetadata apex = service.apex;
    return apex == null || apex.labels == null ? Map.of() : apex.labels;
  }

  /**
   * The annotations {@code service.apex} adds to routing objects, without the Flux keys that would
   * make Flux manage the object.
   *
   * @param service the canary's service spec
   * @return the annotations, empty when none
   */
  public static Map<String, String> apexAnnotations(CanaryService service) {
    CustomMetadata apex = service.apex;
    if (apex == null || apex.annotations == null) {
      return Map.of();
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    apex.annotations.forEach(
        (key, value) -> {
          if (!key.contains(FLUX_KEY_MARK)) {
            annotations.put(key, value);
          }
        });
    return annotations;
  }

  /**
   * The owner reference that makes a Canary the controller of an object Kanary creates, so that
   * deleting the Canary deletes it.
   *
   * @param canary the canary
   * @return the controller reference
   */
  public static OwnerReference controllerReference(Canary canary) {
    return new OwnerReferenceBuilder()
        .withApiVersion(HasMetadata.getApiVersion(Canary.class))
        .withKind(HasMetadata.getKind(Canary.class))
        .withName(canary.getMetadata().getName())
        .withUid(canary.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * A routing object the canary controls, in the canary's namespace.
   *
   * @param canary the canary
   * @param apiVersion the object's API version
   * @param kind the object's kind
   * @param name its name
   * @param labels its labels, none when empty
   * @param annotations its annotations, none when empty
   * @param spec its spec, serialized as JSON
   * @return the object
   */
  public static GenericKubernetesResource newObject(
      Canary canary,
      String apiVersion,
      String kind,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      Object spec) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(apiVersion);
    object.setKind(kind);
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .withOwnerReferences(controllerReference(canary))
            .build());
    object.setAdditionalProperty("spec", SpecJson.toMap(spec));
    return object;
  }
}
