package dev.kanary.router.nginx;

import static dev.kanary.router.support.OwnedObjects.write;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.router.Router;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import dev.kanary.router.ServiceNames;
import dev.kanary.router.support.OwnedObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Routes a canary's traffic with the NGINX ingress controller: clones the Ingress named by {@code
 * spec.ingressRef} into {@code <ingress>-canary}, whose backends are {@code <apex>-canary}, and
 * shifts traffic with the controller's canary annotations.
 *
 * <p>The annotations carry a prefix, {@code nginx.ingress.kubernetes.io} by default: {@code
 * <prefix>/canary: "true"} always, {@code <prefix>/canary-weight} with the canary's weight, and for
 * an A/B test ({@code analysis.match} set) {@code canary-weight: "0"} with the header or cookie
 * annotations of {@link AbTestAnnotations} while the canary weight is above 0. Mirroring cannot be
 * expressed and is ignored.
 *
 * <p>{@link #reconcile} copies the source Ingress's spec (every backend of the apex Service pointed
 * at the canary Service), labels and annotations (except the canary annotations and {@value
 * #LAST_APPLIED_ANNOTATION}) onto the canary Ingress, and keeps the canary annotations and any
 * other annotation or label already on it; a label or annotation removed from the source therefore
 * stays on the canary Ingress. The canary Ingress carries a controller reference to the Canary, so
 * Kubernetes deletes it with the Canary; {@link #finalize} only sends all traffic back to the
 * primary. Every method writes only when something differs, and retries a write that lost a race
 * with another writer.
 */
public class NginxRouter implements Router {

  /** Annotation where {@code kubectl apply} keeps the object it applied. */
  static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  /** Suffix of the canary Ingress's name. */
  static final String CANARY_SUFFIX = "-canary";

  private static final Logger LOG = Logger.getLogger(NginxRouter.class);

  private final KubernetesClient client;
  private final String prefix;

  /**
   * Creates the router.
   *
   * @param client the client of the cluster that runs the NGINX ingress controller
   * @param annotationsPrefix the prefix of the controller's annotations, used as given
   */
  public NginxRouter(KubernetesClient client, String annotationsPrefix) {
    this.client = client;
    this.prefix = annotationsPrefix;
  }

  @Override
  public void reconcile(Canary canary) {
    Ingress source = sourceIngress(canary);
    String name = source.getMetadata().getName() + CANARY_SUFFIX;
    write(canary, "Ingress", name, () -> reconcileCanaryIngress(canary, source, name));
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    String name = canaryIngressName(canary);
    write(canary, "Ingress", name, () -> applyRoutes(canary, name, routes));
  }

  @Override
  public Routes getRoutes(Canary canary) {
    String name = canaryIngressName(canary);
    Ingress current = read(canary, name);
    if (current == null) {
      throw new RoutingException("Ingress " + describe(canary, name) + " not found");
    }
    Map<String, String> annotations = orEmpty(current.getMetadata().getAnnotations());
    if (isAbTest(canary)
        && (annotations.containsKey(annotation(AbTestAnnotations.BY_HEADER))
            || annotations.containsKey(annotation(AbTestAnnotations.BY_COOKIE)))) {
      return Routes.canaryAt(100);
    }
    String weight = annotations.get(annotation("canary-weight"));
    try {
      return Routes.canaryAt(weight == null ? 0 : Integer.parseInt(weight.trim()));
    } catch (IllegalArgumentException e) {
      throw new RoutingException(
          String.format(
              "Ingress %s has annotation %s=%s, which is not a weight within 0..100",
              describe(canary, name), annotation("canary-weight"), weight),
          e);
    }
  }

  @Override
  public void finalize(Canary canary) {
    String name = canaryIngressName(canary);
    if (read(canary, name) == null) {
      LOG.warnf(
          "Ingress %s not found, nothing to finalize for canary %s",
          describe(canary, name), describe(canary, canary.getMetadata().getName()));
      return;
    }
    setRoutes(canary, Routes.ALL_PRIMARY);
  }

  private void reconcileCanaryIngress(Canary canary, Ingress source, String name) {
    IngressSpec spec = canarySpec(source.getSpec(), ServiceNames.of(canary));
    Map<String, String> copiedAnnotations = copiedAnnotations(source);
    Map<String, String> sourceLabels = orEmpty(source.getMetadata().getLabels());
    Ingress current = read(canary, name);
    if (current == null) {
      Map<String, String> annotations = new LinkedHashMap<>(copiedAnnotations);
      annotations.put(annotation("canary"), "true");
      annotations.put(annotation("canary-weight"), "0");
      Ingress created = new Ingress();
      created.setMetadata(
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(namespace(canary))
              .withLabels(sourceLabels.isEmpty() ? null : new LinkedHashMap<>(sourceLabels))
              .withAnnotations(annotations)
              .withOwnerReferences(OwnedObjects.controllerReference(canary))
              .build());
      created.setSpec(spec);
      client.network().v1().ingresses().inNamespace(namespace(canary)).resource(created).create();
      LOG.infof("Ingress %s created", describe(canary, name));
      return;
    }
    Map<String, String> labels = merged(current.getMetadata().getLabels(), sourceLabels);
    Map<String, String> annotations =
        merged(current.getMetadata().getAnnotations(), copiedAnnotations);
    annotations.putIfAbsent(annotation("canary"), "true");
    if (Objects.equals(spec, current.getSpec())
        && labels.equals(orEmpty(current.getMetadata().getLabels()))
        && annotations.equals(orEmpty(current.getMetadata().getAnnotations()))) {
      return;
    }
    current.setSpec(spec);
    current.getMetadata().setLabels(labels.isEmpty() ? null : labels);
    current.getMetadata().setAnnotations(annotations);
    update(current);
    LOG.infof("Ingress %s updated", describe(canary, name));
  }

  private void applyRoutes(Canary canary, String name, Routes routes) {
    Ingress current = read(canary, name);
    if (current == null) {
      throw new RoutingException("Ingress " + describe(canary, name) + " not found");
    }
    Map<String, String> annotations =
        new LinkedHashMap<>(orEmpty(current.getMetadata().getAnnotations()));
    AbTestAnnotations.ALL.forEach(key -> annotations.remove(annotation(key)));
    annotations.put(annotation("canary"), "true");
    if (isAbTest(canary)) {
      annotations.put(annotation("canary-weight"), "0");
      if (routes.canaryWeight() > 0) {
        AbTestAnnotations.of(analysis(canary).match, describe(canary, name))
            .forEach((key, value) -> annotations.put(annotation(key), value));
      }
    } else {
      annotations.put(annotation("canary-weight"), Integer.toString(routes.canaryWeight()));
    }
    if (annotations.equals(orEmpty(current.getMetadata().getAnnotations()))) {
      return;
    }
    current.getMetadata().setAnnotations(annotations);
    update(current);
    LOG.infof(
        "Ingress %s weights set to primary=%d%% canary=%d%%",
        describe(canary, name), routes.primaryWeight(), routes.canaryWeight());
  }

  /** The source spec with every backend of the apex Service pointed at the canary Service. */
  private IngressSpec canarySpec(IngressSpec source, ServiceNames names) {
    IngressSpec spec =
        source == null ? new IngressSpec() : client.getKubernetesSerialization().clone(source);
    toCanary(spec.getDefaultBackend(), names);
    for (IngressRule rule : orEmpty(spec.getRules())) {
      if (rule.getHttp() != null) {
        for (HTTPIngressPath path : orEmpty(rule.getHttp().getPaths())) {
          toCanary(path.getBackend(), names);
        }
      }
    }
    return spec;
  }

  private static void toCanary(IngressBackend backend, ServiceNames names) {
    if (backend != null
        && backend.getService() != null
        && names.apex().equals(backend.getService().getName())) {
      backend.getService().setName(names.canary());
    }
  }

  /** The source's annotations without the canary ones and the one kept by kubectl. */
  private Map<String, String> copiedAnnotations(Ingress source) {
    Map<String, String> copied = new LinkedHashMap<>();
    orEmpty(source.getMetadata().getAnnotations())
        .forEach(
            (key, value) -> {
              if (!key.startsWith(annotation("canary")) && !key.equals(LAST_APPLIED_ANNOTATION)) {
                copied.put(key, value);
              }
            });
    return copied;
  }

  private Ingress sourceIngress(Canary canary) {
    String name = ingressRefName(canary);
    Ingress source = read(canary, name);
    if (source == null) {
      throw new RoutingException(
          String.format(
              "Ingress %s referenced by spec.ingressRef of canary %s not found",
              describe(canary, name), describe(canary, canary.getMetadata().getName())));
    }
    return source;
  }

  private static String canaryIngressName(Canary canary) {
    return ingressRefName(canary) + CANARY_SUFFIX;
  }

  private static String ingressRefName(Canary canary) {
    if (canary.getSpec().ingressRef == null || canary.getSpec().ingressRef.name == null) {
      throw new RoutingException(
          "Canary "
              + describe(canary, canary.getMetadata().getName())
              + " has no spec.ingressRef, which the nginx provider requires");
    }
    return canary.getSpec().ingressRef.name;
  }

  private String annotation(String name) {
    return prefix + "/" + name;
  }

  private Ingress read(Canary canary, String name) {
    try {
      return client.network().v1().ingresses().inNamespace(namespace(canary)).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new RoutingException(
          String.format("Ingress %s cannot be read: %s", describe(canary, name), e.getMessage()),
          e);
    }
  }

  private void update(Ingress ingress) {
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(ingress.getMetadata().getNamespace())
        .resource(ingress)
        .update();
  }

  private static CanaryAnalysis analysis(Canary canary) {
    return canary.getSpec().analysis != null
        ? canary.getSpec().analysis
        : canary.getSpec().canaryAnalysis;
  }

  private static boolean isAbTest(Canary canary) {
    CanaryAnalysis analysis = analysis(canary);
    return analysis != null && analysis.match != null && !analysis.match.isEmpty();
  }

  private static Map<String, String> merged(
      Map<String, String> current, Map<String, String> added) {
    Map<String, String> merged = new LinkedHashMap<>(orEmpty(current));
    merged.putAll(added);
    return merged;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String namespace(Canary canary) {
    return canary.getMetadata().getNamespace();
  }

  private static String describe(Canary canary, String name) {
    return name + "." + namespace(canary);
  }
}
