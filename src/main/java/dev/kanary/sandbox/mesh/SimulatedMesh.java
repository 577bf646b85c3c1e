package dev.kanary.sandbox.mesh;

import dev.kanary.router.gatewayapi.GatewayApiRouter;
import dev.kanary.router.gatewayapi.HttpRouteSpec;
import dev.kanary.router.istio.IstioRouter;
import dev.kanary.router.istio.VirtualServiceSpec;
import dev.kanary.router.support.SpecJson;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.AnyNamespaceOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The sandbox's service mesh: it reads the routing objects Kanary writes (Istio VirtualServices,
 * Gateway API HTTPRoutes, NGINX canary Ingresses) and the Services and workloads of the sandbox's
 * API server from informer caches, routes each virtual request as the real data plane would, lets
 * the chosen workload answer as its release's {@link ReleaseProfile} says (or as podinfo's {@code
 * /status/<code>} and {@code /delay/<seconds>} paths ask), and reports every answer to a {@link
 * Recorder}, as Istio's destination sidecars report telemetry.
 *
 * <p>Requests to a Service name go through the VirtualService or HTTPRoute bound to that Service
 * (mesh traffic), requests to any other host through the VirtualService, HTTPRoute or Ingress that
 * serves the host on a gateway. A Service whose workloads have no ready replica answers 503, a host
 * nothing serves 404; neither reaches a workload's telemetry.
 */
public final class SimulatedMesh implements AutoCloseable {

  /** Receives each answer a workload gives, the way a destination sidecar reports it. */
  @FunctionalInterface
  public interface Recorder {

    /**
     * Records one answered request.
     *
     * @param namespace the workload's namespace
     * @param workload the workload's name (the Deployment or DaemonSet)
     * @param code the status code it answered
     * @param latencyMillis how long it took
     */
    void record(String namespace, String workload, int code, double latencyMillis);
  }

  private static final String MESH_GATEWAY = "mesh";
  private static final String CLUSTER_SUFFIX = ".svc.cluster.local";
  private static final String HOSTS = "hosts";
  private static final String SERVICE_KEY = "service:";
  private static final String GATEWAY_KEY = "gateway:";

  private final Recorder recorder;
  private final ReleaseProfiles profiles;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<DaemonSet> daemonSets;
  private final SharedIndexInformer<GenericKubernetesResource> virtualServices;
  private final List<SharedIndexInformer<GenericKubernetesResource>> httpRoutes;
  private final SharedIndexInformer<Ingress> ingresses;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> perClient = new ConcurrentHashMap<>();

  /**
   * Starts watching the sandbox's routing objects and workloads.
   *
   * @param client a client of the sandbox's API server
   * @param recorder where answers are reported
   * @param profiles how each release behaves
   */
  public SimulatedMesh(KubernetesClient client, Recorder recorder, ReleaseProfiles profiles) {
    this.recorder = recorder;
    this.profiles = profiles;
    this.services = client.services().inAnyNamespace().inform();
    this.deployments = client.apps().deployments().inAnyNamespace().inform();
    this.daemonSets = client.apps().daemonSets().inAnyNamespace().inform();
    this.virtualServices =
        indexed(
            client.genericKubernetesResources(IstioRouter.VIRTUAL_SERVICES).inAnyNamespace(),
            this::virtualServiceHosts);
    this.httpRoutes =
        List.of(
            indexed(
                client
                    .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1"))
                    .inAnyNamespace(),
                this::httpRouteHosts),
            indexed(
                client
                    .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1beta1"))
                    .inAnyNamespace(),
                this::httpRouteHosts));
    this.ingresses = client.network().v1().ingresses().inAnyNamespace().inform();
  }

  /**
   * Sends one request through the mesh and lets the workload it reaches answer.
   *
   * @param request the request
   * @return the answer
   */
  public MeshResponse send(VirtualRequest request) {
    List<Hop> hops = route(request);
    if (hops.isEmpty()) {
      return MeshResponse.unrouted(404);
    }
    for (int i = 1; i < hops.size(); i++) {
      answer(hops.get(i), request);
    }
    return answer(hops.get(0), request);
  }

  /**
   * How many requests of a client a workload answered.
   *
   * @param namespace the workload's namespace
   * @param workload the workload's name
   * @param client the client, as named in {@link VirtualRequest#client()}
   * @return the count
   */
  public long requests(String namespace, String workload, String client) {
    LongAdder count = perClient.get(clientKey(namespace, workload, client));
    return count == null ? 0 : count.sum();
  }

  /**
   * How many requests of each client a workload answered.
   *
   * @param namespace the workload's namespace
   * @param workload the workload's name
   * @return the counts by client, sorted by client
   */
  public Map<String, Long> requestsByClient(String namespace, String workload) {
    String prefix = clientKey(namespace, workload, "");
    Map<String, Long> counts = new TreeMap<>();
    perClient.forEach(
        (key, count) -> {
          if (key.startsWith(prefix)) {
            counts.put(key.substring(prefix.length()), count.sum());
          }
        });
    return counts;
  }

  private List<Hop> route(VirtualRequest request) {
    Optional<ServiceName> service = serviceName(request.hostName(), request.sourceNamespace());
    if (service.isPresent()) {
      return meshRoute(service.get(), request);
    }
    return gatewayRoute(request);
  }

  private List<Hop> meshRoute(ServiceName service, VirtualRequest request) {
    String key = SERVICE_KEY + service.name() + "." + service.namespace();
    for (GenericKubernetesResource resource : virtualServices.getIndexer().byIndex(HOSTS, key)) {
      VirtualServiceSpec spec = spec(resource, VirtualServiceSpec.class);
      if (servesMesh(spec.gateways)) {
        return IstioRouting.route(spec, namespaceOf(resource), request);
      }
    }
    for (SharedIndexInformer<GenericKubernetesResource> informer : httpRoutes) {
      for (GenericKubernetesResource resource : informer.getIndexer().byIndex(HOSTS, key)) {
        HttpRouteSpec spec = spec(resource, HttpRouteSpec.class);
        return GatewayRouting.route(spec, namespaceOf(resource), request).stream().toList();
      }
    }
    return List.of(new Hop(service.name(), service.namespace()));
  }

  private List<Hop> gatewayRoute(VirtualRequest request) {
    String host = request.hostName();
    for (String key : gatewayKeys(host)) {
      for (GenericKubernetesResource resource : virtualServices.getIndexer().byIndex(HOSTS, key)) {
        VirtualServiceSpec spec = spec(resource, VirtualServiceSpec.class);
        if (servesGateway(spec.gateways)) {
          return IstioRouting.route(spec, namespaceOf(resource), request);
        }
      }
      for (SharedIndexInformer<GenericKubernetesResource> informer : httpRoutes) {
        for (GenericKubernetesResource resource : informer.getIndexer().byIndex(HOSTS, key)) {
          HttpRouteSpec spec = spec(resource, HttpRouteSpec.class);
          return GatewayRouting.route(spec, namespaceOf(resource), request).stream().toList();
        }
      }
    }
    List<Ingress> serving =
        ingresses.getStore().list().stream()
            .filter(ingress -> servesHost(ingress, host))
            .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
            .toList();
    return IngressRouting.route(serving, request).stream().toList();
  }

  private MeshResponse answer(Hop hop, VirtualRequest request) {
    Optional<ServiceName> name = serviceName(hop.host(), hop.namespace());
    Service service =
        name.map(n -> services.getStore().getByKey(Cache.namespaceKeyFunc(n.namespace(), n.name())))
            .orElse(null);
    if (service == null) {
      return MeshResponse.unrouted(503);
    }
    Optional<Workload> workload = endpoint(service);
    if (workload.isEmpty()) {
      return MeshResponse.unrouted(503);
    }
    Workload chosen = workload.get();
    ReleaseProfile profile = profiles.of(chosen.image());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int code = profile.code(random);
    double latency = profile.latency(random);
    String path = request.path();
    if (path.startsWith("/status/")) {
      code = parseOr(path.substring("/status/".length()), code);
    } else if (path.startsWith("/delay/")) {
      latency += 1000.0 * parseOr(path.substring("/delay/".length()), 0);
    }
    recorder.record(chosen.namespace(), chosen.name(), code, latency);
    perClient
        .computeIfAbsent(
            clientKey(chosen.namespace(), chosen.name(), request.client()), k -> new LongAdder())
        .increment();
    return new MeshResponse(code, latency, chosen.namespace(), chosen.name());
  }

  private Optional<Workload> endpoint(Service service) {
    Map<String, String> selector =
        service.getSpec() == null ? null : service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    String namespace = service.getMetadata().getNamespace();
    List<Workload> ready = new ArrayList<>();
    for (Deployment deployment : deployments.getStore().list()) {
      if (namespace.equals(deployment.getMetadata().getNamespace())) {
        int replicas =
            deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0
                : deployment.getStatus().getReadyReplicas();
        add(ready, deployment, deployment.getSpec().getTemplate(), replicas, selector);
      }
    }
    for (DaemonSet daemonSet : daemonSets.getStore().list()) {
      if (namespace.equals(daemonSet.getMetadata().getNamespace())) {
        int replicas =
            daemonSet.getStatus() == null || daemonSet.getStatus().getNumberReady() == null
                ? 0
                : daemonSet.getStatus().getNumberReady();
        add(ready, daemonSet, daemonSet.getSpec().getTemplate(), replicas, selector);
      }
    }
    return Optional.ofNullable(Matching.weighted(ready, Workload::replicas));
  }

  private static void add(
      List<Workload> ready,
      HasMetadata workload,
      PodTemplateSpec template,
      int replicas,
      Map<String, String> selector) {
    if (replicas <= 0 || template == null || template.getMetadata() == null) {
      return;
    }
    Map<String, String> labels = template.getMetadata().getLabels();
    if (labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
      return;
    }
    List<Container> containers = template.getSpec().getContainers();
    String image = containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    ready.add(
        new Workload(
            workload.getMetadata().getNamespace(),
            workload.getMetadata().getName(),
            image,
            replicas));
  }

  private Optional<ServiceName> serviceName(String host, String namespace) {
    String name = stripClusterSuffix(host);
    String[] parts = name.split("\\.");
    ServiceName candidate =
        switch (parts.length) {
          case 1 -> new ServiceName(parts[0], namespace);
          case 2 -> new ServiceName(parts[0], parts[1]);
          default -> null;
        };
    if (candidate == null
        || services
                .getStore()
                .getByKey(Cache.namespaceKeyFunc(candidate.namespace(), candidate.name()))
            == null) {
      return Optional.empty();
    }
    return Optional.of(candidate);
  }

  private List<String> virtualServiceHosts(GenericKubernetesResource resource) {
    VirtualServiceSpec spec = spec(resource, VirtualServiceSpec.class);
    List<String> keys = new ArrayList<>();
    if (spec.hosts != null) {
      for (String host : spec.hosts) {
        keys.add(GATEWAY_KEY + host);
        qualified(host, namespaceOf(resource)).ifPresent(keys::add);
      }
    }
    return keys;
  }

  private List<String> httpRouteHosts(GenericKubernetesResource resource) {
    HttpRouteSpec spec = spec(resource, HttpRouteSpec.class);
    List<String> keys = new ArrayList<>();
    if (spec.hostnames != null) {
      spec.hostnames.forEach(host -> keys.add(GATEWAY_KEY + host));
    }
    if (spec.parentRefs != null) {
      spec.parentRefs.stream()
          .filter(ref -> "Service".equals(ref.kind) && ref.name != null)
          .forEach(
              ref ->
                  keys.add(
                      SERVICE_KEY
                          + ref.name
                          + "."
                          + (ref.namespace == null ? namespaceOf(resource) : ref.namespace)));
    }
    return keys;
  }

  private static Optional<String> qualified(String host, String namespace) {
    String name = stripClusterSuffix(host);
    String[] parts = name.split("\\.");
    return switch (parts.length) {
      case 1 -> Optional.of(SERVICE_KEY + parts[0] + "." + namespace);
      case 2 -> Optional.of(SERVICE_KEY + name);
      default -> Optional.empty();
    };
  }

  private static List<String> gatewayKeys(String host) {
    List<String> keys = new ArrayList<>();
    keys.add(GATEWAY_KEY + host);
    int dot = host.indexOf('.');
    while (dot >= 0) {
      keys.add(GATEWAY_KEY + "*" + host.substring(dot));
      dot = host.indexOf('.', dot + 1);
    }
    keys.add(GATEWAY_KEY + "*");
    return keys;
  }

  private static <T extends HasMetadata> SharedIndexInformer<T> indexed(
      AnyNamespaceOperation<T, ?, ?> resources, Function<T, List<String>> hosts) {
    SharedIndexInformer<T> informer = resources.runnableInformer(0);
    informer.addIndexers(Map.of(HOSTS, hosts::apply));
    informer.run();
    return informer;
  }

  private static String stripClusterSuffix(String host) {
    if (host.endsWith(CLUSTER_SUFFIX)) {
      return host.substring(0, host.length() - CLUSTER_SUFFIX.length());
    }
    return host.endsWith(".svc") ? host.substring(0, host.length() - ".svc".length()) : host;
  }

  private static boolean servesMesh(List<String> gateways) {
    return gateways == null || gateways.isEmpty() || gateways.contains(MESH_GATEWAY);
  }

  private static boolean servesGateway(List<String> gateways) {
    return gateways != null && gateways.stream().anyMatch(g -> !MESH_GATEWAY.equals(g));
  }

  private static boolean servesHost(Ingress ingress, String host) {
    return ingress.getSpec() != null
        && ingress.getSpec().getRules() != null
        && ingress.getSpec().getRules().stream()
            .anyMatch(rule -> rule.getHost() == null || rule.getHost().equals(host));
  }

  private <T> T spec(GenericKubernetesResource resource, Class<T> type) {
    String key = resource.getMetadata().getUid() + "/" + type.getSimpleName();
    String version = resource.getMetadata().getResourceVersion();
    Parsed cached = parsed.get(key);
    if (cached == null || !Objects.equals(cached.resourceVersion(), version)) {
      Object spec = resource.getAdditionalProperties().get("spec");
      cached = new Parsed(version, SpecJson.convert(spec == null ? Map.of() : spec, type));
      parsed.put(key, cached);
    }
    return type.cast(cached.spec());
  }

  private static String namespaceOf(HasMetadata resource) {
    return resource.getMetadata().getNamespace();
  }

  private static String clientKey(String namespace, String workload, String client) {
    return namespace + "/" + workload + "/" + client;
  }

  private static int parseOr(String value, int fallback) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public void close() {
    services.close();
    deployments.close();
    daemonSets.close();
    virtualServices.close();
    httpRoutes.forEach(SharedIndexInformer::close);
    ingresses.close();
  }

  private record ServiceName(String name, String namespace) {}

  private record Workload(String namespace, String name, String image, int replicas) {}

  private record Parsed(String resourceVersion, Object spec) {}
}
