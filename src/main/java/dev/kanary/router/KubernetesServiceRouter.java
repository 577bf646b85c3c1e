package dev.kanary.router;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.api.v1beta1.spec.CustomMetadata;
import dev.kanary.router.support.OwnedObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Writes a canary's three ClusterIP Services with the fabric8 client. A pre-existing apex Service
 * that Kanary did not create keeps everything but its selector, and its original selector is kept
 * in an annotation so that deletion can restore it.
 */
public class KubernetesServiceRouter implements ServiceRouter {

  /** The annotation that keeps the selector of an apex Service Kanary took over. */
  public static final String ORIGINAL_SELECTOR = "kanary.dev/original-selector";

  private static final Logger LOG = Logger.getLogger(KubernetesServiceRouter.class);

  private final KubernetesClient client;

  /**
   * Creates the router.
   *
   * @param client the client Services are written with
   */
  public KubernetesServiceRouter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void initialize(Canary canary, Map.Entry<String, String> selector) {
    ServiceNames names = ServiceNames.of(canary);
    CanaryService spec = canary.getSpec().service;
    apply(
        canary,
        names.canary(),
        Map.of(selector.getKey(), selector.getValue()),
        spec == null ? null : spec.canary);
    apply(
        canary,
        names.primary(),
        Map.of(selector.getKey(), selector.getValue() + "-primary"),
        spec == null ? null : spec.primary);
  }

  @Override
  public void reconcileApex(Canary canary, Map.Entry<String, String> selector) {
    ServiceNames names = ServiceNames.of(canary);
    Map<String, String> primaryPods = Map.of(selector.getKey(), selector.getValue() + "-primary");
    Service existing = get(canary, names.apex());
    if (existing != null && !ownedBy(existing, canary)) {
      if (Objects.equals(existing.getSpec().getSelector(), primaryPods)) {
        return;
      }
      Map<String, String> annotations = new HashMap<>(annotationsOf(existing));
      annotations.putIfAbsent(ORIGINAL_SELECTOR, selectorText(existing.getSpec().getSelector()));
      existing.getMetadata().setAnnotations(annotations);
      existing.getSpec().setSelector(primaryPods);
      write(canary, existing, "updated");
      return;
    }
    CanaryService spec = canary.getSpec().service;
    apply(canary, names.apex(), primaryPods, spec == null ? null : spec.apex);
  }

  @Override
  public void finalize(Canary canary, Map.Entry<String, String> selector) {
    ServiceNames names = ServiceNames.of(canary);
    Service apex = get(canary, names.apex());
    if (apex == null) {
      return;
    }
    Map<String, String> target = Map.of(selector.getKey(), selector.getValue());
    String original = annotationsOf(apex).get(ORIGINAL_SELECTOR);
    if (original != null) {
      target = parseSelector(original);
      apex.getMetadata().getAnnotations().remove(ORIGINAL_SELECTOR);
    }
    apex.getSpec().setSelector(target);
    if (ownedBy(apex, canary)) {
      apex.getMetadata()
          .setOwnerReferences(
              apex.getMetadata().getOwnerReferences().stream()
                  .filter(ref -> !canary.getMetadata().getUid().equals(ref.getUid()))
                  .toList());
    }
    write(canary, apex, "restored");
  }

  private void apply(
      Canary canary, String name, Map<String, String> selector, CustomMetadata metadata) {
    Service desired = desired(canary, name, selector, metadata);
    Service existing = get(canary, name);
    if (existing != null && same(existing, desired)) {
      return;
    }
    if (existing != null) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      desired.getSpec().setClusterIP(existing.getSpec().getClusterIP());
      desired.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
      Map<String, String> labels = new HashMap<>(labelsOf(existing));
      labels.putAll(desired.getMetadata().getLabels());
      desired.getMetadata().setLabels(labels);
      Map<String, String> annotations = new HashMap<>(annotationsOf(existing));
      annotations.putAll(annotationsOf(desired));
      desired.getMetadata().setAnnotations(annotations);
    }
    write(canary, desired, existing == null ? "created" : "updated");
  }

  private Service desired(
      Canary canary, String name, Map<String, String> selector, CustomMetadata metadata) {
    CanaryService spec = canary.getSpec().service;
    Map<String, String> labels = new HashMap<>();
    labels.put("app", name);
    Map<String, String> annotations = new HashMap<>();
    if (metadata != null) {
      if (metadata.labels != null) {
        labels.putAll(metadata.labels);
      }
      if (metadata.annotations != null) {
        annotations.putAll(metadata.annotations);
      }
    }
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(canary.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(OwnedObjects.controllerReference(canary))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP(spec != null && Boolean.TRUE.equals(spec.headless) ? "None" : null)
        .withSelector(selector)
        .withPorts(port(spec))
        .withTrafficDistribution(spec == null ? null : spec.trafficDistribution)
        .endSpec()
        .build();
  }

  private static ServicePort port(CanaryService spec) {
    int port = spec == null || spec.port == null ? 80 : spec.port;
    IntOrString target =
        spec != null && spec.targetPort != null ? spec.targetPort : new IntOrString(port);
    return new ServicePortBuilder()
        .withName(spec == null || spec.portName == null ? "http" : spec.portName)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(target)
        .withAppProtocol(spec == null ? null : spec.appProtocol)
        .build();
  }

  private static boolean same(Service existing, Service desired) {
    return Objects.equals(existing.getSpec().getSelector(), desired.getSpec().getSelector())
        && Objects.equals(existing.getSpec().getPorts(), desired.getSpec().getPorts())
        && Objects.equals(
            existing.getSpec().getTrafficDistribution(), desired.getSpec().getTrafficDistribution())
        && labelsOf(existing).entrySet().containsAll(labelsOf(desired).entrySet())
        && annotationsOf(existing).entrySet().containsAll(annotationsOf(desired).entrySet());
  }

  private Service get(Canary canary, String name) {
    try {
      return client
          .services()
          .inNamespace(canary.getMetadata().getNamespace())
          .withName(name)
          .get();
    } catch (KubernetesClientException e) {
      throw new RoutingException("Service " + name + " could not be read: " + e.getMessage(), e);
    }
  }

  private void write(Canary canary, Service service, String verb) {
    try {
      client
          .resource(service)
          .inNamespace(canary.getMetadata().getNamespace())
          .createOr(r -> r.update());
      LOG.infof(
          "canary=%s.%s Service %s.%s %s",
          canary.getMetadata().getName(),
          canary.getMetadata().getNamespace(),
          service.getMetadata().getName(),
          canary.getMetadata().getNamespace(),
          verb);
    } catch (KubernetesClientException e) {
      throw new RoutingException(
          "Service " + service.getMetadata().getName() + " could not be written: " + e.getMessage(),
          e);
    }
  }

  private static boolean ownedBy(Service service, Canary canary) {
    List<OwnerReference> owners = service.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(ref -> Objects.equals(ref.getUid(), canary.getMetadata().getUid()));
  }

  private static Map<String, String> labelsOf(Service service) {
    return service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels();
  }

  private static Map<String, String> annotationsOf(Service service) {
    return service.getMetadata().getAnnotations() == null
        ? Map.of()
        : service.getMetadata().getAnnotations();
  }

  private static String selectorText(Map<String, String> selector) {
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<>(selector == null ? Map.<String, String>of() : selector)
        .forEach(
            (k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return text.toString();
  }

  private static Map<String, String> parseSelector(String text) {
    Map<String, String> selector = new HashMap<>();
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        selector.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return selector;
  }
}
