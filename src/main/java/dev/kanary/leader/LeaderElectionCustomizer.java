package dev.kanary.leader;

import dev.kanary.config.KanaryConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Turns leader election on in the operator when {@code kanary.leader-election.enabled} is true, so
 * that several replicas can run and only the holder of the Lease reconciles; changes nothing
 * otherwise.
 */
@Singleton
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {

  private static final Logger LOG = Logger.getLogger(LeaderElectionCustomizer.class);

  private final Optional<LeaderElectionConfiguration> election;
  private final KubernetesClient client;

  /**
   * Reads the leader election settings.
   *
   * @param config the operator's configuration ({@code kanary.leader-election.*})
   * @param timings the Lease's timings ({@code kanary.leader-election.lease-duration}, ...)
   * @param client the application's Kubernetes client, which the customized configuration keeps
   */
  @Inject
  public LeaderElectionCustomizer(
      KanaryConfig config, LeaseTimingsConfig timings, KubernetesClient client) {
    this(config.leaderElection(), timings.timings(), System.getenv(), client);
  }

  /**
   * Builds the leader election from settings and an environment.
   *
   * @param settings {@code kanary.leader-election.*}
   * @param timings the Lease's timings
   * @param environment the process environment (pod name and namespace)
   * @param client the Kubernetes client the customized configuration keeps
   */
  LeaderElectionCustomizer(
      KanaryConfig.LeaderElection settings,
      LeaseTimings timings,
      Map<String, String> environment,
      KubernetesClient client) {
    this.client = client;
    if (!settings.enabled()) {
      this.election = Optional.empty();
      return;
    }
    Optional<String> namespace = LeaderElections.namespace(settings.namespace(), environment);
    String identity = LeaderElections.identity(environment);
    LOG.infof(
        "Leader election on Lease %s%s as %s (lease %s, renew deadline %s, retry period %s)",
        namespace.map(ns -> ns + "/").orElse(""),
        settings.leaseName(),
        identity,
        timings.leaseDuration(),
        timings.renewDeadline(),
        timings.retryPeriod());
    this.election =
        Optional.of(
            LeaderElections.configuration(
                settings.leaseName(), namespace, identity, timings, true));
  }

  /**
   * The leader election this replica takes part in.
   *
   * @return the configuration, or empty when leader election is off
   */
  public Optional<LeaderElectionConfiguration> election() {
    return election;
  }

  /**
   * Adds the leader election, and keeps the application's client: the operator SDK rebuilds its
   * configuration from the overrider, which would otherwise fall back to a client of its own that
   * ignores Quarkus' {@code quarkus.kubernetes-client.*} settings.
   */
  @Override
  public Consumer<ConfigurationServiceOverrider> overrider() {
    return overrider -> {
      overrider.withKubernetesClient(client);
      election.ifPresent(overrider::withLeaderElectionConfiguration);
    };
  }
}
