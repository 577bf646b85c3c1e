package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The labels, annotations and owner references of the objects Kanary generates from the user's: the
 * primary workload, its pod template, and the copies of ConfigMaps, Secrets and autoscalers.
 */
final class PrimaryMetadata {

  /** The suffix of every generated copy's name. */
  static final String PRIMARY_SUFFIX = "-primary";

  /** The pod annotation that changes at every promotion, forcing the primary to roll out. */
  static final String FLAGGER_ID = "flagger-id";

  /** Flux's ownership labels and annotations contain this; they are never copied. */
  static final String FLUX_MARKER = "toolkit.fluxcd.io";

  private final List<String> includeLabelPrefix;

  /**
   * Creates the rules.
   *
   * @param includeLabelPrefix the prefixes of the labels copied to generated objects; {@code *}
   *     copies all; null or empty copies none
   */
  PrimaryMetadata(List<String> includeLabelPrefix) {
    this.includeLabelPrefix =
        includeLabelPrefix == null ? List.of() : List.copyOf(includeLabelPrefix);
  }

  /**
   * The name of the generated copy of an object.
   *
   * @param name the object's name
   * @return {@code <name>-primary}
   */
  static String primaryName(String name) {
    return name + PRIMARY_SUFFIX;
  }

  /**
   * The labels (or annotations) of a user's object kept on its generated copy: those whose key
   * starts with one of the include prefixes, never Flux's.
   *
   * @param labels the user's labels, or null
   * @return the kept labels, sorted
   */
  Map<String, String> included(Map<String, String> labels) {
    Map<String, String> kept = new TreeMap<>();
    if (labels != null) {
      labels.forEach(
          (key, value) -> {
            if (!key.contains(FLUX_MARKER) && isIncluded(key)) {
              kept.put(key, value);
            }
          });
    }
    return kept;
  }

  private boolean isIncluded(String key) {
    return includeLabelPrefix.stream()
        .anyMatch(prefix -> prefix.equals("*") || (!prefix.isEmpty() && key.startsWith(prefix)));
  }

  /**
   * A map without Flux's keys.
   *
   * @param map labels or annotations, or null
   * @return a sorted copy without the keys that contain {@code toolkit.fluxcd.io}
   */
  static Map<String, String> withoutFlux(Map<String, String> map) {
    Map<String, String> kept = new TreeMap<>();
    if (map != null) {
      map.forEach(
          (key, value) -> {
            if (!key.contains(FLUX_MARKER)) {
              kept.put(key, value);
            }
          });
    }
    return kept;
  }

  /**
   * Labels for a primary object or its pods: the given labels without Flux's, with the selector
   * label pointing at the primary.
   *
   * @param labels the labels to start from, or null
   * @param selector the target's selector label and value
   * @return the labels, with the selector label set to {@code <value>-primary}
   */
  static Map<String, String> primaryLabels(
      Map<String, String> labels, Map.Entry<String, String> selector) {
    Map<String, String> primary = withoutFlux(labels);
    primary.put(selector.getKey(), primaryName(selector.getValue()));
    return primary;
  }

  /**
   * Annotations for the primary's pods: the target's pod annotations without Flux's, with a new
   * random {@code flagger-id}.
   *
   * @param annotations the target's pod annotations, or null
   * @return the annotations
   */
  static Map<String, String> podAnnotations(Map<String, String> annotations) {
    Map<String, String> primary = withoutFlux(annotations);
    primary.put(FLAGGER_ID, UUID.randomUUID().toString());
    return primary;
  }

  /**
   * The owner reference that makes a Canary the controller of a generated object, so that the
   * garbage collector deletes the object with the Canary.
   *
   * @param canary the canary
   * @return the controller reference
   */
  static OwnerReference controllerReference(Canary canary) {
    return new OwnerReferenceBuilder()
        .withApiVersion(Canary.GROUP + "/" + Canary.VERSION)
        .withKind(HasMetadata.getKind(Canary.class))
        .withName(canary.getMetadata().getName())
        .withUid(canary.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * Describes a workload or generated object the way log lines and errors name it.
   *
   * @param kind the kind in lower case, for example {@code deployment}
   * @param name the object's name
   * @param namespace its namespace
   * @return for example {@code deployment backend.prod}
   */
  static String describe(String kind, String name, String namespace) {
    return kind + " " + name + "." + namespace;
  }
}
