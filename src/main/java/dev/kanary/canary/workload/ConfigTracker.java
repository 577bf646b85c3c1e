package dev.kanary.canary.workload;

import dev.kanary.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Tracks the ConfigMaps and Secrets a target's pods use: computes their checksums for {@code
 * status.trackedConfigs}, copies them to {@code <name>-primary} for the primary workload, and
 * points the primary's pod spec at the copies.
 */
final class ConfigTracker {

  /**
   * The annotation that excludes a ConfigMap or Secret from tracking when it starts with disable.
   */
  static final String TRACKING_ANNOTATION = "flagger.app/config-tracking";

  private static final String CONFIGMAP = "configmap";
  private static final String SECRET = "secret";

  private static final String OPAQUE = "Opaque";

  /** Registry and service-account secrets belong to the pod's identity, not its configuration. */
  private static final Set<String> TRACKED_SECRET_TYPES =
      Set.of(OPAQUE, "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls");

  private static final Logger LOG = Logger.getLogger(ConfigTracker.class);

  private final KubernetesClient client;
  private final PrimaryMetadata metadata;
  private final boolean enabled;

  /**
   * Creates the tracker.
   *
   * @param client the Kubernetes client
   * @param metadata the rules for the copies' labels
   * @param enabled whether config tracking is on; when off, nothing is tracked nor copied
   */
  ConfigTracker(KubernetesClient client, PrimaryMetadata metadata, boolean enabled) {
    this.client = client;
    this.metadata = metadata;
    this.enabled = enabled;
  }

  /** A ConfigMap or Secret the pods use, with its checksum. */
  private record Tracked(String key, String checksum, HasMetadata object) {}

  /**
   * The checksums of the ConfigMaps and Secrets a pod spec uses.
   *
   * @param canary the canary, for its namespace
   * @param spec the target's pod spec
   * @param owner the target as named in errors, for example {@code deployment backend.prod}
   * @return checksums keyed {@code configmap/<name>} and {@code secret/<name>}, sorted; empty when
   *     tracking is off
   * @throws WorkloadException when a mandatory reference names an object that does not exist
   */
  Map<String, String> checksums(Canary canary, PodSpec spec, String owner) {
    Map<String, String> checksums = new TreeMap<>();
    for (Tracked tracked : load(canary, spec, owner)) {
      checksums.put(tracked.key(), tracked.checksum());
    }
    return checksums;
  }

  /**
   * Copies every tracked ConfigMap and Secret to {@code <name>-primary}, writing only the copies
   * that differ.
   *
   * @param canary the canary that owns the copies
   * @param spec the target's pod spec
   * @param owner the target as named in errors
   * @return the keys of the copied objects, to pass to {@link #usePrimaryCopies}
   */
  Set<String> syncPrimaryCopies(Canary canary, PodSpec spec, String owner) {
    Set<String> keys = new TreeSet<>();
    for (Tracked tracked : load(canary, spec, owner)) {
      syncCopy(canary, tracked.object());
      keys.add(tracked.key());
    }
    return keys;
  }

  /**
   * Points a pod spec's references to tracked ConfigMaps and Secrets at their primary copies.
   *
   * @param spec the pod spec, changed in place
   * @param keys the keys of the copied objects, {@code configmap/<name>} or {@code secret/<name>}
   */
  static void usePrimaryCopies(PodSpec spec, Set<String> keys) {
    UnaryOperator<String> configMap = rename(CONFIGMAP, keys);
    UnaryOperator<String> secret = rename(SECRET, keys);
    for (Volume volume : list(spec.getVolumes())) {
      if (volume.getConfigMap() != null) {
        volume.getConfigMap().setName(configMap.apply(volume.getConfigMap().getName()));
      }
      if (volume.getSecret() != null) {
        volume.getSecret().setSecretName(secret.apply(volume.getSecret().getSecretName()));
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : list(volume.getProjected().getSources())) {
          if (source.getConfigMap() != null) {
            source.getConfigMap().setName(configMap.apply(source.getConfigMap().getName()));
          }
          if (source.getSecret() != null) {
            source.getSecret().setName(secret.apply(source.getSecret().getName()));
          }
        }
      }
    }
    for (Container container : containers(spec)) {
      for (EnvVar env : list(container.getEnv())) {
        EnvVarSource from = env.getValueFrom();
        if (from != null && from.getConfigMapKeyRef() != null) {
          from.getConfigMapKeyRef().setName(configMap.apply(from.getConfigMapKeyRef().getName()));
        }
        if (from != null && from.getSecretKeyRef() != null) {
          from.getSecretKeyRef().setName(secret.apply(from.getSecretKeyRef().getName()));
        }
      }
      for (EnvFromSource envFrom : list(container.getEnvFrom())) {
        if (envFrom.getConfigMapRef() != null) {
          envFrom.getConfigMapRef().setName(configMap.apply(envFrom.getConfigMapRef().getName()));
        }
        if (envFrom.getSecretRef() != null) {
          envFrom.getSecretRef().setName(secret.apply(envFrom.getSecretRef().getName()));
        }
      }
    }
  }

  private static UnaryOperator<String> rename(String type, Set<String> keys) {
    return name ->
        name != null && keys.contains(type + "/" + name) ? PrimaryMetadata.primaryName(name) : name;
  }

  /**
   * The ConfigMaps and Secrets a pod spec references, each with whether every reference to it is
   * optional.
   */
  private static Map<String, Boolean> references(PodSpec spec) {
    Map<String, Boolean> references = new TreeMap<>();
    Consumer<Reference> add =
        reference -> {
          if (reference.name() != null && !reference.name().isEmpty()) {
            references.merge(reference.key(), reference.optional(), Boolean::logicalAnd);
          }
        };
    for (Volume volume : list(spec.getVolumes())) {
      if (volume.getConfigMap() != null) {
        add.accept(
            new Reference(
                CONFIGMAP, volume.getConfigMap().getName(), volume.getConfigMap().getOptional()));
      }
      if (volume.getSecret() != null) {
        add.accept(
            new Reference(
                SECRET, volume.getSecret().getSecretName(), volume.getSecret().getOptional()));
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : list(volume.getProjected().getSources())) {
          if (source.getConfigMap() != null) {
            add.accept(
                new Reference(
                    CONFIGMAP,
                    source.getConfigMap().getName(),
                    source.getConfigMap().getOptional()));
          }
          if (source.getSecret() != null) {
            add.accept(
                new Reference(
                    SECRET, source.getSecret().getName(), source.getSecret().getOptional()));
          }
        }
      }
    }
    for (Container container : containers(spec)) {
      for (EnvVar env : list(container.getEnv())) {
        EnvVarSource from = env.getValueFrom();
        if (from != null && from.getConfigMapKeyRef() != null) {
          add.accept(
              new Reference(
                  CONFIGMAP,
                  from.getConfigMapKeyRef().getName(),
                  from.getConfigMapKeyRef().getOptional()));
        }
        if (from != null && from.getSecretKeyRef() != null) {
          add.accept(
              new Reference(
                  SECRET, from.getSecretKeyRef().getName(), from.getSecretKeyRef().getOptional()));
        }
      }
      for (EnvFromSource envFrom : list(container.getEnvFrom())) {
        if (envFrom.getConfigMapRef() != null) {
          add.accept(
              new Reference(
                  CONFIGMAP,
                  envFrom.getConfigMapRef().getName(),
                  envFrom.getConfigMapRef().getOptional()));
        }
        if (envFrom.getSecretRef() != null) {
          add.accept(
              new Reference(
                  SECRET, envFrom.getSecretRef().getName(), envFrom.getSecretRef().getOptional()));
        }
      }
    }
    return references;
  }

  /** One reference from a pod spec to a ConfigMap or Secret. */
  private record Reference(String type, String name, boolean optional) {

    Reference(String type, String name, Boolean optional) {
      this(type, name, Boolean.TRUE.equals(optional));
    }

    String key() {
      return type + "/" + name;
    }
  }

  private List<Tracked> load(Canary canary, PodSpec spec, String owner) {
    if (!enabled || spec == null) {
      return List.of();
    }
    String namespace = canary.getMetadata().getNamespace();
    List<Tracked> tracked = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    references(spec)
        .forEach(
            (key, optional) -> {
              String name = key.substring(key.indexOf('/') + 1);
              HasMetadata object =
                  Requests.send(
                      "reading " + key.replace('/', ' ') + "." + namespace,
                      () ->
                          key.startsWith(CONFIGMAP + "/")
                              ? client.configMaps().inNamespace(namespace).withName(name).get()
                              : client.secrets().inNamespace(namespace).withName(name).get());
              if (object == null) {
                if (!optional) {
                  missing.add(key);
                }
              } else if (isTracked(object)) {
                tracked.add(new Tracked(key, checksum(object), object));
              }
            });
    if (!missing.isEmpty()) {
      throw new WorkloadException(owner + " references missing " + String.join(", ", missing));
    }
    return tracked;
  }

  private static boolean isTracked(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String tracking = annotations == null ? null : annotations.get(TRACKING_ANNOTATION);
    if (tracking != null && tracking.startsWith("disable")) {
      return false;
    }
    if (object instanceof Secret secret && !TRACKED_SECRET_TYPES.contains(secretType(secret))) {
      LOG.debugf(
          "Ignoring secret %s.%s of type %s",
          secret.getMetadata().getName(), secret.getMetadata().getNamespace(), secret.getType());
      return false;
    }
    return true;
  }

  /**
   * The checksum of a ConfigMap's or Secret's content: SHA-256 of the JSON of its data, as Flagger
   * computes it; a ConfigMap with binary data hashes {@code {"binaryData":...,"data":...}}.
   */
  private static String checksum(HasMetadata object) {
    String json;
    if (object instanceof ConfigMap configMap) {
      json =
          emptyIfNull(configMap.getBinaryData()).isEmpty()
              ? Hashes.goJson(configMap.getData())
              : "{\"binaryData\":"
                  + Hashes.goJson(configMap.getBinaryData())
                  + ",\"data\":"
                  + Hashes.goJson(configMap.getData())
                  + "}";
    } else {
      json = Hashes.goJson(secretData((Secret) object));
    }
    return Hashes.sha256Prefix(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A Secret's data as the API server stores it: {@code data} with {@code stringData} encoded into
   * it (the sandbox's API server keeps {@code stringData} as written).
   */
  private static Map<String, String> secretData(Secret secret) {
    Map<String, String> data = new TreeMap<>(emptyIfNull(secret.getData()));
    emptyIfNull(secret.getStringData())
        .forEach(
            (key, value) ->
                data.put(
                    key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  /** Creates or updates the primary copy of a ConfigMap or Secret, when it differs. */
  private void syncCopy(Canary canary, HasMetadata source) {
    String namespace = canary.getMetadata().getNamespace();
    String name = PrimaryMetadata.primaryName(source.getMetadata().getName());
    boolean configMap = source instanceof ConfigMap;
    String what = (configMap ? CONFIGMAP : SECRET) + " " + name + "." + namespace;
    HasMetadata existing =
        Requests.send(
            "reading " + what,
            () ->
                configMap
                    ? client.configMaps().inNamespace(namespace).withName(name).get()
                    : client.secrets().inNamespace(namespace).withName(name).get());
    HasMetadata desired = copy(source, copyMetadata(canary, source, name, existing));
    if (existing != null && content(existing).equals(content(desired))) {
      return;
    }
    if (existing == null) {
      Requests.send("creating " + what, () -> client.resource(desired).create());
    } else if (mustRecreate(existing, desired)) {
      Requests.send("deleting " + what, () -> client.resource(existing).delete());
      Requests.send("creating " + what, () -> client.resource(desired).create());
    } else {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      Requests.send("updating " + what, () -> client.resource(desired).update());
    }
    LOG.infof("Synced %s", what);
  }

  private static HasMetadata copy(HasMetadata source, ObjectMeta meta) {
    if (source instanceof ConfigMap configMap) {
      return new ConfigMapBuilder()
          .withMetadata(meta)
          .withData(nullIfEmpty(configMap.getData()))
          .withBinaryData(nullIfEmpty(configMap.getBinaryData()))
          .build();
    }
    Secret secret = (Secret) source;
    return new SecretBuilder()
        .withMetadata(meta)
        .withType(secretType(secret))
        .withData(nullIfEmpty(secretData(secret)))
        .build();
  }

  /** What a copy must match its source in: labels, owners, data and, for Secrets, type. */
  private static List<Object> content(HasMetadata object) {
    List<Object> content = new ArrayList<>();
    content.add(emptyIfNull(object.getMetadata().getLabels()));
    content.add(list(object.getMetadata().getOwnerReferences()));
    if (object instanceof ConfigMap configMap) {
      content.add(emptyIfNull(configMap.getData()));
      content.add(emptyIfNull(configMap.getBinaryData()));
    } else {
      Secret secret = (Secret) object;
      content.add(emptyIfNull(secret.getData()));
      content.add(secretType(secret));
    }
    return content;
  }

  /** Immutable objects, and the type of a Secret, cannot be updated in place. */
  private static boolean mustRecreate(HasMetadata existing, HasMetadata desired) {
    if (existing instanceof ConfigMap configMap) {
      return Boolean.TRUE.equals(configMap.getImmutable());
    }
    Secret secret = (Secret) existing;
    return Boolean.TRUE.equals(secret.getImmutable())
        || !secretType(secret).equals(secretType((Secret) desired));
  }

  /** A Secret's type, {@code Opaque} when unset as the API server defaults it. */
  private static String secretType(Secret secret) {
    return secret.getType() == null || secret.getType().isEmpty() ? OPAQUE : secret.getType();
  }

  /**
   * The metadata of a primary copy: the source's included labels, the Canary as controller, and the
   * other owners an existing copy has (another Canary sharing the same ConfigMap, say), kept as
   * non-controller owners.
   */
  private ObjectMeta copyMetadata(
      Canary canary, HasMetadata source, String name, HasMetadata existing) {
    List<OwnerReference> owners = new ArrayList<>();
    owners.add(PrimaryMetadata.controllerReference(canary));
    if (existing != null) {
      for (OwnerReference owner : list(existing.getMetadata().getOwnerReferences())) {
        boolean self =
            owner.getKind().equals(HasMetadata.getKind(Canary.class))
                && owner.getName().equals(canary.getMetadata().getName());
        if (!self) {
          owners.add(new OwnerReferenceBuilder(owner).withController(false).build());
        }
      }
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(canary.getMetadata().getNamespace());
    meta.setLabels(metadata.included(source.getMetadata().getLabels()));
    meta.setOwnerReferences(owners);
    return meta;
  }

  private static List<Container> containers(PodSpec spec) {
    return Stream.concat(
            list(spec.getInitContainers()).stream(), list(spec.getContainers()).stream())
        .collect(Collectors.toList());
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, String> emptyIfNull(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static Map<String, String> nullIfEmpty(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }
}
