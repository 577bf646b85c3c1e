package dev.kanary.sandbox;

import dev.kanary.loadtester.LoadTester;
import dev.kanary.loadtester.Response;
import dev.kanary.sandbox.mesh.ClientProfile;
import dev.kanary.sandbox.mesh.ReleaseProfiles;
import dev.kanary.sandbox.mesh.SimulatedMesh;
import dev.kanary.sandbox.mesh.TrafficGenerator;
import dev.kanary.sandbox.mesh.TrafficStream;
import dev.kanary.sandbox.telemetry.MeshTelemetry;
import dev.kanary.sandbox.telemetry.PrometheusApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The sandbox around a simulated API server: the simulated workload controller, the simulated mesh
 * with its Istio telemetry and Prometheus API, streams of virtual users, the cluster network that
 * gives cluster host names their meaning in the process, the tutorial's load tester and Slack; and,
 * on demand, the tutorial's world.
 */
public final class Sandbox implements AutoCloseable {

  /** The namespace of the tutorial's world. */
  public static final String NAMESPACE = "prod";

  /** The host the sandbox's Prometheus API is served under, as Istio's add-on installs it. */
  public static final String PROMETHEUS_HOST = "prometheus.istio-system";

  /** The Prometheus address the sandbox gives Kanary, unless one is configured. */
  public static final String PROMETHEUS_URL = "http://" + PROMETHEUS_HOST + ":9090";

  /** The host of the tutorial's load tester, which the sandbox runs in-process. */
  public static final String LOAD_TESTER_HOST = "flagger-loadtester." + NAMESPACE;

  /** The host name the tutorial's users reach the frontend's gateway with. */
  public static final String GATEWAY_HOST = "app.example.com";

  /** The Slack incoming-webhook address of the tutorial's AlertProvider Secret. */
  static final String SLACK_WEBHOOK = "http://" + SlackReceiver.HOST + "/services/T0/B0/sandbox";

  /**
   * The sandbox's settings.
   *
   * @param workloadDelay how long a Deployment takes to become ready
   * @param nodes how many nodes a DaemonSet runs on
   * @param requestsPerSecond the rate of each stream of virtual users of the tutorial's world
   */
  public record Options(Duration workloadDelay, int nodes, double requestsPerSecond) {}

  private final KubernetesClient client;
  private final Options options;
  private final ScheduledExecutorService ticker =
      SandboxThreads.scheduler("kanary-sandbox-telemetry");
  private final SimulatedWorkloadController workloads;
  private final ReleaseProfiles profiles = new ReleaseProfiles();
  private final MeshTelemetry telemetry = new MeshTelemetry();
  private final PrometheusApi prometheus;
  private final SimulatedMesh mesh;
  private final TrafficGenerator traffic;
  private final SandboxNetwork network;
  private final SlackReceiver slack;
  private final LoadTester loadTester;

  /**
   * Starts the sandbox's simulations around a simulated API server.
   *
   * @param client a client of the simulated API server
   * @param vertx the Vert.x instance that serves the cluster network
   * @param registry where the load tester's metrics go
   * @param options the settings
   * @param console where the sandbox prints what the tutorial shows
   */
  public Sandbox(
      KubernetesClient client,
      Vertx vertx,
      MeterRegistry registry,
      Options options,
      Consumer<String> console) {
    this.client = client;
    this.options = options;
    Clock clock = Clock.systemUTC();
    this.workloads =
        new SimulatedWorkloadController(client, options.workloadDelay(), options.nodes(), clock);
    this.telemetry.start(ticker, clock);
    this.prometheus = new PrometheusApi(telemetry, clock);
    this.mesh = new SimulatedMesh(client, telemetry::record, profiles);
    this.traffic = new TrafficGenerator(mesh);
    this.slack = new SlackReceiver(console);
    this.loadTester = LoadTester.builder().meterRegistry(registry).build();
    this.network =
        new SandboxNetwork(vertx, mesh, this::serveTelemetry)
            .serve(SlackReceiver.HOST, slack)
            .serve(PROMETHEUS_HOST, this::servePrometheus)
            .serve(LOAD_TESTER_HOST, this::serveLoadTester);
  }

  /**
   * Applies the tutorial's world: the {@code prod} namespace, the frontend and backend Deployments
   * with their HPAs and Canaries, a MetricTemplate, the Slack AlertProvider and its Secret; and
   * starts the virtual users: browsers reaching the frontend through the gateway, and the frontend
   * calling the backend.
   *
   * @param interval the canaries' analysis interval, when not the tutorial's 10 seconds
   */
  public void applyTutorialWorld(Optional<Duration> interval) {
    for (HasMetadata resource : load("/sandbox/tutorial.yaml", interval)) {
      client
          .resource(resource)
          .inNamespace(
              resource.getMetadata().getNamespace() == null
                  ? NAMESPACE
                  : resource.getMetadata().getNamespace())
          .createOr(NonDeletingOperation::update);
    }
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("slack-url")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("address", SLACK_WEBHOOK))
                .build())
        .createOr(NonDeletingOperation::update);
    traffic.start(
        new TrafficStream(
            "users",
            "istio-system",
            GATEWAY_HOST,
            "/",
            options.requestsPerSecond(),
            ClientProfile.browsers()));
    traffic.start(
        new TrafficStream(
            "frontend-to-backend",
            NAMESPACE,
            "backend",
            "/api/info",
            options.requestsPerSecond(),
            ClientProfile.only("frontend", Map.of("User-Agent", "podinfo/1.4.0"))));
  }

  private List<HasMetadata> load(String resource, Optional<Duration> interval) {
    try (InputStream in = Sandbox.class.getResourceAsStream(resource)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (interval.isPresent()) {
        yaml = yaml.replace("interval: 10s", "interval: " + interval.get().toSeconds() + "s");
      }
      return client
          .load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
          .items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ClusterService.Reply servePrometheus(String method, String path, byte[] body) {
    int question = path.indexOf('?');
    String route = question < 0 ? path : path.substring(0, question);
    if (route.equals("/metrics")) {
      return serveTelemetry(method, path, body);
    }
    if (!route.equals("/api/v1/query")) {
      return new ClusterService.Reply(404, "text/plain", "404 page not found\n".getBytes());
    }
    String form =
        "POST".equals(method)
            ? new String(body, StandardCharsets.UTF_8)
            : question < 0 ? "" : path.substring(question + 1);
    return reply(prometheus.handle(form));
  }

  private ClusterService.Reply serveLoadTester(String method, String path, byte[] body) {
    Response response = loadTester.handle(method, path, body);
    return new ClusterService.Reply(response.status(), response.contentType(), response.body());
  }

  private ClusterService.Reply serveTelemetry(String method, String path, byte[] body) {
    return reply(prometheus.exposition());
  }

  private static ClusterService.Reply reply(PrometheusApi.Response response) {
    return new ClusterService.Reply(
        response.status(),
        response.contentType(),
        response.body().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The simulated workload controller.
   *
   * @return it
   */
  public SimulatedWorkloadController workloads() {
    return workloads;
  }

  /**
   * The behaviour of each release.
   *
   * @return the profiles, to set a tag's behaviour
   */
  public ReleaseProfiles profiles() {
    return profiles;
  }

  /**
   * The mesh, with its per-client request counters.
   *
   * @return the mesh
   */
  public SimulatedMesh mesh() {
    return mesh;
  }

  /**
   * The streams of virtual requests.
   *
   * @return the generator
   */
  public TrafficGenerator traffic() {
    return traffic;
  }

  /**
   * The cluster network, to serve more in-process services.
   *
   * @return the network
   */
  public SandboxNetwork network() {
    return network;
  }

  /**
   * The tutorial's Slack.
   *
   * @return the receiver
   */
  public SlackReceiver slack() {
    return slack;
  }

  /**
   * The mesh's telemetry.
   *
   * @return the telemetry
   */
  public MeshTelemetry telemetry() {
    return telemetry;
  }

  @Override
  public void close() {
    loadTester.close();
    traffic.close();
    network.close();
    mesh.close();
    workloads.close();
    ticker.shutdownNow();
  }
}
