package dev.kanary.leader;

import dev.kanary.config.KanaryConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns leader election on in the operator when {@code kanary.leader-election.enabled} is true, so
 * that several replicas can run and only the holder of the Lease reconciles; changes nothing
 * otherwise.
 */
@Singleton
public class LeaderElectionProducer {

  private static final Logger LOG = Logger.getLogger(LeaderElectionProducer.class);

  private final Optional<LeaderElectionConfiguration> election;

  /**
   * Reads the leader election settings.
   *
   * @param config the operator's configuration ({@code kanary.leader-election.*})
   * @param timings the Lease's timings ({@code kanary.leader-election.lease-duration}, ...)
   */
  @Inject
  public LeaderElectionProducer(KanaryConfig config, LeaseTimingsConfig timings) {
    this(config.leaderElection(), timings.timings(), System.getenv());
  }

  /**
   * Builds the leader election from settings and an environment.
   *
   * @param settings {@code kanary.leader-election.*}
   * @param timings the Lease's timings
   * @param environment the process environment (pod name and namespace)
   */
  LeaderElectionProducer(
      KanaryConfig.LeaderElection settings, LeaseTimings timings, Map<String, String> environment) {
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
   * The leader election the operator SDK takes up (in the {@code prod} profile, the packaged
   * operator's, as {@code quarkus.operator-sdk.activate-leader-election-for-profiles} says). A bean
   * rather than a {@code ConfigurationServiceCustomizer}: the SDK's customized configuration would
   * build a Kubernetes client of its own that ignores Quarkus' {@code quarkus.kubernetes-client.*}
   * settings.
   *
   * @return the configuration, or null when leader election is off
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection() {
    return election.orElse(null);
  }
}
