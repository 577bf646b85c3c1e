package dev.kanary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration, one property per Flagger command-line flag.
 *
 * <p>Every property can be set in {@code application.properties}, as a system property or as an
 * environment variable ({@code kanary.mesh-provider} is {@code KANARY_MESH_PROVIDER}). The
 * environment variables Flagger users already set ({@code SLACK_URL}, {@code MSTEAMS_URL}, {@code
 * EVENT_WEBHOOK_URL}, ...) are honoured too. {@code docs/configuration.md} lists them all.
 */
@ConfigMapping(prefix = "kanary")
public interface KanaryConfig {

  /**
   * The service mesh or ingress used by canaries that name no {@code spec.provider}.
   *
   * @return a provider name such as {@code istio} (flag {@code -mesh-provider})
   */
  @WithDefault("istio")
  String meshProvider();

  /**
   * The Prometheus server that answers the builtin metrics.
   *
   * @return its base URL (flag {@code -metrics-server})
   */
  @WithDefault("http://prometheus:9090")
  String metricsServer();

  /**
   * The pod labels that identify a workload's pods, the first one found in the target's selector
   * being used.
   *
   * @return label keys in order of preference (flag {@code -selector-labels})
   */
  @WithDefault("app,name,app.kubernetes.io/name")
  List<String> selectorLabels();

  /**
   * The prefixes of the target's labels copied to the generated primary; {@code *} copies all.
   *
   * @return label key prefixes; none by default (flag {@code -include-label-prefix})
   */
  Optional<List<String>> includeLabelPrefix();

  /**
   * The namespaces watched; all when empty.
   *
   * @return the namespaces (flag {@code -namespace})
   */
  Optional<List<String>> namespaces();

  /**
   * The name of the cluster, added to every alert.
   *
   * @return the cluster name (flag {@code -cluster-name})
   */
  Optional<String> clusterName();

  /**
   * The URL that receives every Kubernetes event of canaries that declare no event webhook.
   *
   * @return the URL (flag {@code -event-webhook}, variable {@code EVENT_WEBHOOK_URL})
   */
  Optional<String> eventWebhook();

  /**
   * Whether ConfigMaps and Secrets referenced by targets are copied for the primary and tracked.
   *
   * @return true by default (flag {@code -enable-config-tracking})
   */
  @WithDefault("true")
  boolean configTracking();

  /**
   * Whether canaries may only reference MetricTemplates, AlertProviders and upstreams in their own
   * namespace.
   *
   * @return false by default (flag {@code -no-cross-namespace-refs})
   */
  @WithDefault("false")
  boolean noCrossNamespaceRefs();

  /**
   * The annotation prefix of the NGINX ingress controller.
   *
   * @return the prefix (flag {@code -ingress-annotations-prefix})
   */
  @WithDefault("nginx.ingress.kubernetes.io")
  String ingressAnnotationsPrefix();

  /**
   * The ingress class of generated Contour HTTPProxies.
   *
   * @return the class (flag {@code -ingress-class})
   */
  Optional<String> ingressClass();

  /**
   * The global Slack notifier, used by canaries that declare no alerts.
   *
   * @return its settings
   */
  Slack slack();

  /**
   * The global Microsoft Teams notifier, used instead of Slack when its URL is set.
   *
   * @return its settings
   */
  @WithName("msteams")
  Teams teams();

  /**
   * Leader election between operator replicas.
   *
   * @return its settings
   */
  LeaderElection leaderElection();

  /**
   * The sandbox: a simulated cluster inside the operator's process.
   *
   * @return its settings
   */
  Sandbox sandbox();

  /** The sandbox's settings. */
  interface Sandbox {

    /**
     * Whether Kanary runs against the sandbox: {@code true}, {@code false}, or {@code auto} (only
     * when no cluster is configured: no {@code KUBECONFIG}, no {@code ~/.kube/config}, not in a
     * pod, no API server URL set). Dev mode defaults to {@code auto}; production never falls back
     * to the sandbox.
     *
     * @return {@code true}, {@code false} or {@code auto}
     */
    @WithDefault("false")
    String enabled();

    /**
     * Whether the sandbox plays the seed tutorial: dev mode does; tests drive the sandbox
     * themselves.
     *
     * @return true to play it
     */
    @WithDefault("false")
    boolean playTutorial();

    /**
     * The analysis interval of the tutorial's canaries, to play it faster than its 10 seconds.
     *
     * @return the interval, or empty for the tutorial's
     */
    Optional<Duration> interval();

    /**
     * How many requests a second each stream of the tutorial's virtual users sends.
     *
     * @return the rate
     */
    @WithDefault("20")
    double requestsPerSecond();

    /**
     * How long a Deployment of the sandbox takes to become ready after a change.
     *
     * @return the delay
     */
    @WithDefault("PT2S")
    Duration workloadDelay();
  }

  /** The global Slack notifier's settings. */
  interface Slack {

    /**
     * The incoming-webhook URL; a credential, never logged.
     *
     * @return the URL (flag {@code -slack-url}, variable {@code SLACK_URL})
     */
    Optional<String> url();

    /**
     * A bearer token sent with each message.
     *
     * @return the token (flag {@code -slack-token}, variable {@code SLACK_TOKEN})
     */
    Optional<String> token();

    /**
     * An HTTP proxy for the messages.
     *
     * @return the proxy URL (flag {@code -slack-proxy-url}, variable {@code SLACK_PROXY_URL})
     */
    Optional<String> proxyUrl();

    /**
     * The user name messages are posted as.
     *
     * @return the user name (flag {@code -slack-user})
     */
    @WithDefault("flagger")
    String user();

    /**
     * The channel messages are posted to.
     *
     * @return the channel (flag {@code -slack-channel})
     */
    Optional<String> channel();
  }

  /** The global Microsoft Teams notifier's settings. */
  interface Teams {

    /**
     * The incoming-webhook URL; a credential, never logged.
     *
     * @return the URL (flag {@code -msteams-url}, variable {@code MSTEAMS_URL})
     */
    Optional<String> url();

    /**
     * An HTTP proxy for the messages.
     *
     * @return the proxy URL (flag {@code -msteams-proxy-url}, variable {@code MSTEAMS_PROXY_URL})
     */
    Optional<String> proxyUrl();
  }

  /** Leader election settings. */
  interface LeaderElection {

    /**
     * Whether replicas elect a leader on a Lease, only the leader reconciling.
     *
     * @return false by default (flag {@code -enable-leader-election})
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The namespace of the Lease; the operator's own namespace when empty.
     *
     * @return the namespace (flag {@code -leader-election-namespace})
     */
    Optional<String> namespace();

    /**
     * The name of the Lease.
     *
     * @return the Lease name
     */
    @WithDefault("kanary-leader-election")
    String leaseName();
  }
}
