package dev.kanary.router.gatewayapi;

import static dev.kanary.router.support.OwnedObjects.apexAnnotations;
import static dev.kanary.router.support.OwnedObjects.apexLabels;
import static dev.kanary.router.support.OwnedObjects.isControlledBy;
import static dev.kanary.router.support.OwnedObjects.isReferenceTo;
import static dev.kanary.router.support.OwnedObjects.write;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryService;
import dev.kanary.router.Router;
import dev.kanary.router.Routes;
import dev.kanary.router.RoutingException;
import dev.kanary.router.ServiceNames;
import dev.kanary.router.support.OwnedObjects;
import dev.kanary.router.support.SessionCookies;
import dev.kanary.router.support.SpecJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Routes a canary's traffic with the Gateway API: the HTTPRoute {@code <apex>} in the canary's
 * namespace, written as {@code gateway.networking.k8s.io/<version>} through the client's generic
 * API.
 *
 * <p>What it writes is described in {@link GatewayApiSpecs}. Kanary owns the spec's {@code
 * parentRefs}, {@code hostnames} and {@code rules}; other spec fields, labels and annotations (for
 * example those of other controllers) are kept. It writes only when what it wants differs from what
 * is there, and retries a write that lost a race with another writer. HTTPRoutes it creates carry a
 * controller reference to the Canary, so they are deleted with it.
 *
 * <p>{@link #reconcile} keeps the split the HTTPRoute currently holds (weights and mirroring) and
 * applies everything else from the spec. When it first changes an HTTPRoute it did not create, it
 * stores that HTTPRoute's spec in the annotation {@value #ORIGINAL_CONFIGURATION_ANNOTATION}, and
 * {@link #finalize} puts it back; {@link #finalize} of an HTTPRoute without that annotation only
 * removes Kanary's owner reference, so that the route outlives the Canary.
 *
 * <p>With {@code analysis.sessionAffinity}, {@link #setRoutes} hands out and expires the session
 * cookies recorded in the Canary's status (see {@link SessionCookies}): it changes the status of
 * the Canary object it is given, which the caller persists.
 */
public class GatewayApiRouter implements Router {

  /** Annotation holding the spec an HTTPRoute had before Kanary took it over. */
  static final String ORIGINAL_CONFIGURATION_ANNOTATION =
      "flagger.kubernetes.io/original-configuration";

  /** The API group of the Gateway API. */
  static final String GROUP = "gateway.networking.k8s.io";

  private static final String KIND = "HTTPRoute";
  private static final Logger LOG = Logger.getLogger(GatewayApiRouter.class);

  private final KubernetesClient client;
  private final String version;
  private final ResourceDefinitionContext httpRoutes;
  private final RandomGenerator random = new SecureRandom();

  /**
   * Creates the router.
   *
   * @param client the client of the cluster that serves the Gateway API
   * @param version the Gateway API version to write, {@code v1} or {@code v1beta1}
   * @throws IllegalArgumentException for another version
   */
  public GatewayApiRouter(KubernetesClient client, String version) {
    if (!"v1".equals(version) && !"v1beta1".equals(version)) {
      throw new IllegalArgumentException("Gateway API version must be v1 or v1beta1: " + version);
    }
    this.client = client;
    this.version = version;
    this.httpRoutes = httpRoutes(version);
  }

  /**
   * The HTTPRoutes of a Gateway API version, addressed without an API discovery round trip.
   *
   * @param version {@code v1} or {@code v1beta1}
   * @return the resource context
   */
  public static ResourceDefinitionContext httpRoutes(String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(version)
        .withKind(KIND)
        .withPlural("httproutes")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void reconcile(Canary canary) {
    CanaryService service = service(canary);
    ServiceNames names = ServiceNames.of(canary);
    if (service.gatewayRefs == null || service.gatewayRefs.isEmpty()) {
      throw new RoutingException(
          String.format(
              "HTTPRoute %s cannot be generated: spec.service.gatewayRefs is empty",
              describe(canary, names.apex())));
    }
    write(canary, "HTTPRoute", names.apex(), () -> reconcileHttpRoute(canary, service, names));
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    CanaryAnalysis analysis = GatewayApiSpecs.analysis(canary);
    if (!GatewayApiSpecs.isAbTest(analysis)
        && analysis != null
        && analysis.sessionAffinity != null) {
      SessionCookies.advance(canary, analysis.sessionAffinity, routes.canaryWeight(), random);
    }
    ServiceNames names = ServiceNames.of(canary);
    write(canary, "HTTPRoute", names.apex(), () -> applyRoutes(canary, names, routes));
  }

  @Override
  public Routes getRoutes(Canary canary) {
    ServiceNames names = ServiceNames.of(canary);
    String object = describe(canary, names.apex());
    GenericKubernetesResource current = read(canary, names.apex());
    if (current == null) {
      throw new RoutingException("HTTPRoute " + object + " not found");
    }
    AppliedSplit split =
        AppliedSplit.of(spec(current), names)
            .orElseThrow(
                () ->
                    new RoutingException(
                        String.format(
                            "HTTPRoute %s does not contain backendRefs for %s and %s",
                            object, names.primary(), names.canary())));
    try {
      return new Routes(split.primaryWeight(), split.canaryWeight(), split.mirrored());
    } catch (IllegalArgumentException e) {
      throw new RoutingException(
          String.format(
              "HTTPRoute %s routes %d to %s and %d to %s, which is not a split of 100",
              object, split.primaryWeight(), names.primary(), split.canaryWeight(), names.canary()),
          e);
    }
  }

  @Override
  public void finalize(Canary canary) {
    ServiceNames names = ServiceNames.of(canary);
    if (read(canary, names.apex()) == null) {
      LOG.warnf(
          "HTTPRoute %s not found, nothing to restore for canary %s",
          describe(canary, names.apex()), describe(canary, canary.getMetadata().getName()));
      return;
    }
    write(
        canary,
        "HTTPRoute",
        names.apex(),
        () -> {
          GenericKubernetesResource latest = read(canary, names.apex());
          if (latest != null) {
            restore(canary, latest);
          }
        });
  }

  private void reconcileHttpRoute(Canary canary, CanaryService service, ServiceNames names) {
    String apex = names.apex();
    Map<String, String> apexLabels = apexLabels(service);
    Map<String, String> apexAnnotations = apexAnnotations(service);
    GenericKubernetesResource current = read(canary, apex);
    if (current == null) {
      HttpRouteSpec wanted = GatewayApiSpecs.httpRoute(canary, 100, 0, false);
      client
          .genericKubernetesResources(httpRoutes)
          .inNamespace(namespace(canary))
          .resource(newHttpRoute(canary, apex, apexLabels, apexAnnotations, wanted))
          .create();
      LOG.infof("HTTPRoute %s created", describe(canary, apex));
      return;
    }
    Object currentSpec = current.getAdditionalProperties().get("spec");
    HttpRouteSpec existing = spec(current);
    Optional<AppliedSplit> applied = AppliedSplit.of(existing, names);
    HttpRouteSpec wanted =
        GatewayApiSpecs.httpRoute(
            canary,
            applied.map(AppliedSplit::primaryWeight).orElse(100),
            applied.map(AppliedSplit::canaryWeight).orElse(0),
            applied.map(AppliedSplit::mirrored).orElse(false));
    wanted.unmodelled().putAll(existing.unmodelled());
    boolean specChanged = !SpecJson.same(currentSpec, wanted);

    ObjectMeta metadata = current.getMetadata();
    Map<String, String> labels = merged(metadata.getLabels(), apexLabels);
    Map<String, String> annotations = merged(metadata.getAnnotations(), apexAnnotations);
    if (specChanged
        && !isControlledBy(current, canary)
        && !annotations.containsKey(ORIGINAL_CONFIGURATION_ANNOTATION)) {
      annotations.put(
          ORIGINAL_CONFIGURATION_ANNOTATION,
          SpecJson.toJson(currentSpec == null ? Map.of() : currentSpec));
    }
    if (!specChanged
        && labels.equals(orEmpty(metadata.getLabels()))
        && annotations.equals(orEmpty(metadata.getAnnotations()))) {
      return;
    }
    metadata.setLabels(labels.isEmpty() ? null : labels);
    metadata.setAnnotations(annotations.isEmpty() ? null : annotations);
    current.setAdditionalProperty("spec", SpecJson.toMap(wanted));
    update(current);
    LOG.infof("HTTPRoute %s updated", describe(canary, apex));
  }

  private void applyRoutes(Canary canary, ServiceNames names, Routes routes) {
    String apex = names.apex();
    GenericKubernetesResource current = read(canary, apex);
    if (current == null) {
      throw new RoutingException("HTTPRoute " + describe(canary, apex) + " not found");
    }
    Object currentSpec = current.getAdditionalProperties().get("spec");
    HttpRouteSpec existing = spec(current);
    HttpRouteSpec wanted =
        GatewayApiSpecs.httpRoute(
            canary, routes.primaryWeight(), routes.canaryWeight(), routes.mirrored());
    wanted.parentRefs = existing.parentRefs;
    wanted.hostnames = existing.hostnames;
    wanted.unmodelled().putAll(existing.unmodelled());
    if (SpecJson.same(currentSpec, wanted)) {
      return;
    }
    current.setAdditionalProperty("spec", SpecJson.toMap(wanted));
    update(current);
    LOG.infof(
        "HTTPRoute %s weights set to primary=%d canary=%d mirrored=%s",
        describe(canary, apex), routes.primaryWeight(), routes.canaryWeight(), routes.mirrored());
  }

  /** Puts back the stored spec, when there is one, and drops Kanary's owner reference. */
  private void restore(Canary canary, GenericKubernetesResource current) {
    String object = describe(canary, current.getMetadata().getName());
    Map<String, String> annotations =
        new LinkedHashMap<>(orEmpty(current.getMetadata().getAnnotations()));
    String stored = annotations.remove(ORIGINAL_CONFIGURATION_ANNOTATION);
    List<OwnerReference> owners =
        orEmpty(current.getMetadata().getOwnerReferences()).stream()
            .filter(owner -> !isReferenceTo(owner, canary))
            .toList();
    if (stored == null && owners.equals(orEmpty(current.getMetadata().getOwnerReferences()))) {
      return;
    }
    if (stored != null) {
      try {
        current.setAdditionalProperty("spec", SpecJson.parseObject(stored));
      } catch (IllegalArgumentException e) {
        throw new RoutingException(
            String.format(
                "HTTPRoute %s cannot be restored: annotation %s holds %s",
                object, ORIGINAL_CONFIGURATION_ANNOTATION, e.getMessage()),
            e);
      }
    }
    current.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    current.getMetadata().setOwnerReferences(owners.isEmpty() ? null : owners);
    update(current);
    LOG.infof(
        stored != null
            ? "HTTPRoute %s restored to its configuration before Kanary"
            : "HTTPRoute %s released by Kanary",
        object);
  }

  private GenericKubernetesResource read(Canary canary, String name) {
    try {
      return client
          .genericKubernetesResources(httpRoutes)
          .inNamespace(namespace(canary))
          .withName(name)
          .get();
    } catch (KubernetesClientException e) {
      throw new RoutingException(
          String.format("HTTPRoute %s cannot be read: %s", describe(canary, name), e.getMessage()),
          e);
    }
  }

  private void update(GenericKubernetesResource object) {
    client
        .genericKubernetesResources(httpRoutes)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .update();
  }

  private GenericKubernetesResource newHttpRoute(
      Canary canary,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      HttpRouteSpec spec) {
    return OwnedObjects.newObject(
        canary, GROUP + "/" + version, KIND, name, labels, annotations, spec);
  }

  private static HttpRouteSpec spec(GenericKubernetesResource object) {
    HttpRouteSpec spec =
        SpecJson.convert(object.getAdditionalProperties().get("spec"), HttpRouteSpec.class);
    return spec != null ? spec : new HttpRouteSpec();
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

  private static CanaryService service(Canary canary) {
    CanaryService service = canary.getSpec().service;
    if (service == null) {
      throw new RoutingException(
          "Canary " + describe(canary, canary.getMetadata().getName()) + " has no spec.service");
    }
    return service;
  }

  private static String namespace(Canary canary) {
    return canary.getMetadata().getNamespace();
  }

  private static String describe(Canary canary, String name) {
    return name + "." + namespace(canary);
  }
}
