package dev.kanary.router.istio;

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
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Routes a canary's traffic with Istio: DestinationRules {@code <apex>-primary} and {@code
 * <apex>-canary} and the VirtualService {@code <apex>}, in the canary's namespace, written as
 * {@code networking.istio.io/v1} through the client's generic API (Istio serves v1beta1 and
 * v1alpha3 objects, whose shape is the same, under v1 too).
 *
 * <p>What it writes is described in {@link IstioSpecs}; which fields it owns, and keeps from the
 * objects in the cluster, in {@link KeptFields}. It writes an object only when what it wants
 * differs from what is there, and retries a write that lost a race with another writer. Objects it
 * creates carry a controller reference to the Canary, so they are deleted with it.
 *
 * <p>{@link #reconcile} keeps the split the VirtualService currently holds (weights and mirroring,
 * including a user's own edits) and applies everything else from the spec. When it first changes a
 * VirtualService it did not create, it stores that VirtualService's spec in the annotation {@value
 * #ORIGINAL_CONFIGURATION_ANNOTATION}, unless {@value #LAST_APPLIED_ANNOTATION} holds it already,
 * and {@link #finalize} puts it back.
 *
 * <p>With {@code analysis.sessionAffinity}, {@link #setRoutes} hands out and expires the session
 * cookies recorded in the Canary's status (see {@link SessionCookies}): it changes the status of
 * the Canary object it is given, which the caller persists.
 */
public class IstioRouter implements Router {

  /** Annotation holding the spec a VirtualService had before Kanary took it over. */
  static final String ORIGINAL_CONFIGURATION_ANNOTATION =
      "flagger.kubernetes.io/original-configuration";

  /** Annotation where {@code kubectl apply} keeps the object it applied. */
  static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  /** The API version Kanary reads and writes Istio objects as. */
  static final String API_VERSION = "networking.istio.io/v1";

  /** VirtualServices, addressed without an API discovery round trip. */
  public static final ResourceDefinitionContext VIRTUAL_SERVICES =
      context("VirtualService", "virtualservices");

  /** DestinationRules, addressed without an API discovery round trip. */
  static final ResourceDefinitionContext DESTINATION_RULES =
      context("DestinationRule", "destinationrules");

  private static final Logger LOG = Logger.getLogger(IstioRouter.class);

  private final KubernetesClient client;
  private final RandomGenerator random = new SecureRandom();

  /**
   * Creates the router.
   *
   * @param client the client of the cluster that runs Istio
   */
  public IstioRouter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void reconcile(Canary canary) {
    CanaryService service = service(canary);
    ServiceNames names = ServiceNames.of(canary);
    if (Boolean.TRUE.equals(service.delegation)
        && (!isEmpty(service.hosts) || !isEmpty(service.gateways))) {
      throw new RoutingException(
          String.format(
              "VirtualService %s.%s cannot have hosts and gateways when delegation is enabled",
              names.apex(), namespace(canary)));
    }
    reconcileDestinationRule(canary, service, names.primary());
    reconcileDestinationRule(canary, service, names.canary());
    write(
        canary,
        "VirtualService",
        names.apex(),
        () -> reconcileVirtualService(canary, service, names));
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    CanaryService service = service(canary);
    CanaryAnalysis analysis = IstioSpecs.analysis(canary);
    if (!IstioSpecs.isTcp(service)
        && !IstioSpecs.isAbTest(canary)
        && analysis != null
        && analysis.sessionAffinity != null) {
      SessionCookies.advance(canary, analysis.sessionAffinity, routes.canaryWeight(), random);
    }
    ServiceNames names = ServiceNames.of(canary);
    write(canary, "VirtualService", names.apex(), () -> applyRoutes(canary, names, routes));
  }

  @Override
  public Routes getRoutes(Canary canary) {
    CanaryService service = service(canary);
    ServiceNames names = ServiceNames.of(canary);
    String object = describe(canary, names.apex());
    GenericKubernetesResource current =
        read(canary, VIRTUAL_SERVICES, "VirtualService", names.apex());
    if (current == null) {
      throw new RoutingException("VirtualService " + object + " not found");
    }
    VirtualServiceSpec spec = virtualServiceSpec(current);
    AppliedSplit split =
        AppliedSplit.of(spec, names, IstioSpecs.isTcp(service))
            .filter(s -> s.primaryWeight() != 0 || s.canaryWeight() != 0)
            .orElseThrow(
                () ->
                    new RoutingException(
                        String.format(
                            "VirtualService %s does not contain routes for %s and %s",
                            object, names.primary(), names.canary())));
    try {
      return new Routes(split.primaryWeight(), split.canaryWeight(), split.mirrored());
    } catch (IllegalArgumentException e) {
      throw new RoutingException(
          String.format(
              "VirtualService %s routes %d%% to %s and %d%% to %s, which is not a split of 100",
              object, split.primaryWeight(), names.primary(), split.canaryWeight(), names.canary()),
          e);
    }
  }

  @Override
  public void finalize(Canary canary) {
    ServiceNames names = ServiceNames.of(canary);
    GenericKubernetesResource current =
        read(canary, VIRTUAL_SERVICES, "VirtualService", names.apex());
    if (current == null) {
      LOG.warnf(
          "VirtualService %s not found, nothing to restore for canary %s",
          describe(canary, names.apex()), describe(canary, canary.getMetadata().getName()));
      return;
    }
    Map<String, String> annotations = annotations(current);
    if (!annotations.containsKey(LAST_APPLIED_ANNOTATION)
        && !annotations.containsKey(ORIGINAL_CONFIGURATION_ANNOTATION)) {
      setRoutes(canary, Routes.ALL_PRIMARY);
      return;
    }
    write(
        canary,
        "VirtualService",
        names.apex(),
        () -> {
          GenericKubernetesResource latest =
              read(canary, VIRTUAL_SERVICES, "VirtualService", names.apex());
          if (latest != null) {
            restore(canary, latest);
          }
        });
  }

  private void reconcileDestinationRule(Canary canary, CanaryService service, String name) {
    write(
        canary,
        "DestinationRule",
        name,
        () -> {
          DestinationRuleSpec wanted = IstioSpecs.destinationRule(name, service);
          GenericKubernetesResource current =
              read(canary, DESTINATION_RULES, "DestinationRule", name);
          if (current == null) {
            create(
                DESTINATION_RULES,
                OwnedObjects.newObject(
                    canary, API_VERSION, "DestinationRule", name, Map.of(), Map.of(), wanted));
            LOG.infof("DestinationRule %s created", describe(canary, name));
            return;
          }
          Object currentSpec = current.getAdditionalProperties().get("spec");
          DestinationRuleSpec existing = SpecJson.convert(currentSpec, DestinationRuleSpec.class);
          if (existing != null) {
            KeptFields.carryOver(wanted, existing);
          }
          if (!SpecJson.same(currentSpec, wanted)) {
            current.setAdditionalProperty("spec", SpecJson.toMap(wanted));
            update(DESTINATION_RULES, current);
            LOG.infof("DestinationRule %s updated", describe(canary, name));
          }
        });
  }

  private void reconcileVirtualService(Canary canary, CanaryService service, ServiceNames names) {
    String apex = names.apex();
    Map<String, String> apexLabels = apexLabels(service);
    Map<String, String> apexAnnotations = apexAnnotations(service);
    GenericKubernetesResource current = read(canary, VIRTUAL_SERVICES, "VirtualService", apex);
    if (current == null) {
      VirtualServiceSpec wanted = IstioSpecs.virtualService(canary, 100, 0, false);
      create(
          VIRTUAL_SERVICES,
          OwnedObjects.newObject(
              canary, API_VERSION, "VirtualService", apex, apexLabels, apexAnnotations, wanted));
      LOG.infof("VirtualService %s created", describe(canary, apex));
      return;
    }
    Object currentSpec = current.getAdditionalProperties().get("spec");
    VirtualServiceSpec existing = virtualServiceSpec(current);
    Optional<AppliedSplit> applied = AppliedSplit.of(existing, names, IstioSpecs.isTcp(service));
    VirtualServiceSpec wanted =
        IstioSpecs.virtualService(
            canary,
            applied.map(AppliedSplit::primaryWeight).orElse(100),
            applied.map(AppliedSplit::canaryWeight).orElse(0),
            applied.map(AppliedSplit::mirrored).orElse(false));
    applied.ifPresent(split -> keepMirror(split, wanted, names));
    KeptFields.carryOver(wanted, existing, names);
    boolean specChanged = !SpecJson.same(currentSpec, wanted);

    ObjectMeta metadata = current.getMetadata();
    Map<String, String> labels = merged(metadata.getLabels(), apexLabels);
    Map<String, String> annotations = merged(metadata.getAnnotations(), apexAnnotations);
    if (specChanged
        && !isControlledBy(current, canary)
        && !annotations.containsKey(LAST_APPLIED_ANNOTATION)
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
    update(VIRTUAL_SERVICES, current);
    LOG.infof("VirtualService %s updated", describe(canary, apex));
  }

  /** Puts the mirror settings of the route that held the split onto the one that will. */
  private static void keepMirror(
      AppliedSplit applied, VirtualServiceSpec wanted, ServiceNames names) {
    HttpRoute was = applied.httpRoute();
    if (was == null) {
      return;
    }
    AppliedSplit.of(wanted, names, false)
        .map(AppliedSplit::httpRoute)
        .ifPresent(
            route -> {
              route.mirror = was.mirror;
              route.mirrorPercentage = was.mirrorPercentage;
            });
  }

  private void applyRoutes(Canary canary, ServiceNames names, Routes routes) {
    String apex = names.apex();
    GenericKubernetesResource current = read(canary, VIRTUAL_SERVICES, "VirtualService", apex);
    if (current == null) {
      throw new RoutingException("VirtualService " + describe(canary, apex) + " not found");
    }
    Object currentSpec = current.getAdditionalProperties().get("spec");
    VirtualServiceSpec existing = virtualServiceSpec(current);
    VirtualServiceSpec wanted =
        IstioSpecs.virtualService(
            canary, routes.primaryWeight(), routes.canaryWeight(), routes.mirrored());
    wanted.hosts = existing.hosts;
    wanted.gateways = existing.gateways;
    KeptFields.carryOver(wanted, existing, names);
    if (SpecJson.same(currentSpec, wanted)) {
      return;
    }
    current.setAdditionalProperty("spec", SpecJson.toMap(wanted));
    update(VIRTUAL_SERVICES, current);
    LOG.infof(
        "VirtualService %s weights set to primary=%d%% canary=%d%% mirrored=%s",
        describe(canary, apex), routes.primaryWeight(), routes.canaryWeight(), routes.mirrored());
  }

  private void restore(Canary canary, GenericKubernetesResource current) {
    String object = describe(canary, current.getMetadata().getName());
    Map<String, String> annotations = annotations(current);
    Object stored = storedSpec(object, annotations);
    annotations.remove(ORIGINAL_CONFIGURATION_ANNOTATION);
    List<OwnerReference> owners =
        current.getMetadata().getOwnerReferences() == null
            ? List.of()
            : current.getMetadata().getOwnerReferences().stream()
                .filter(owner -> !isReferenceTo(owner, canary))
                .collect(Collectors.toList());
    Object currentSpec = current.getAdditionalProperties().get("spec");
    if (SpecJson.same(currentSpec, stored)
        && annotations.equals(orEmpty(current.getMetadata().getAnnotations()))
        && owners.equals(orEmpty(current.getMetadata().getOwnerReferences()))) {
      return;
    }
    current.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    current.getMetadata().setOwnerReferences(owners.isEmpty() ? null : owners);
    current.setAdditionalProperty("spec", stored);
    update(VIRTUAL_SERVICES, current);
    LOG.infof("VirtualService %s restored to its configuration before Kanary", object);
  }

  /** The spec kept by kubectl (preferred) or by Kanary when it took the VirtualService over. */
  private static Object storedSpec(String object, Map<String, String> annotations) {
    String lastApplied = annotations.get(LAST_APPLIED_ANNOTATION);
    String annotation =
        lastApplied != null ? LAST_APPLIED_ANNOTATION : ORIGINAL_CONFIGURATION_ANNOTATION;
    try {
      if (lastApplied != null) {
        return SpecJson.parseObject(lastApplied).getOrDefault("spec", Map.of());
      }
      return SpecJson.parseObject(annotations.get(ORIGINAL_CONFIGURATION_ANNOTATION));
    } catch (IllegalArgumentException e) {
      throw new RoutingException(
          String.format(
              "VirtualService %s cannot be restored: annotation %s holds %s",
              object, annotation, e.getMessage()),
          e);
    }
  }

  private GenericKubernetesResource read(
      Canary canary, ResourceDefinitionContext type, String kind, String name) {
    try {
      return client
          .genericKubernetesResources(type)
          .inNamespace(namespace(canary))
          .withName(name)
          .get();
    } catch (KubernetesClientException e) {
      throw new RoutingException(
          String.format("%s %s cannot be read: %s", kind, describe(canary, name), e.getMessage()),
          e);
    }
  }

  private void create(ResourceDefinitionContext type, GenericKubernetesResource object) {
    client
        .genericKubernetesResources(type)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .create();
  }

  private void update(ResourceDefinitionContext type, GenericKubernetesResource object) {
    client
        .genericKubernetesResources(type)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .update();
  }

  private static VirtualServiceSpec virtualServiceSpec(GenericKubernetesResource object) {
    VirtualServiceSpec spec =
        SpecJson.convert(object.getAdditionalProperties().get("spec"), VirtualServiceSpec.class);
    return spec != null ? spec : new VirtualServiceSpec();
  }

  private static Map<String, String> annotations(HasMetadata object) {
    return new LinkedHashMap<>(orEmpty(object.getMetadata().getAnnotations()));
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

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
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

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("networking.istio.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
