package dev.kanary.leader;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Builds the Java Operator SDK's leader election on a {@code coordination.k8s.io/v1} Lease: which
 * Lease, in which namespace, under which identity, with which timings.
 */
public final class LeaderElections {

  private static final Logger LOG = Logger.getLogger(LeaderElections.class);

  private LeaderElections() {}

  /**
   * The leader election of one replica.
   *
   * @param leaseName the Lease's name
   * @param namespace the Lease's namespace; when empty, the Kubernetes client's namespace (the
   *     pod's own namespace inside a cluster)
   * @param identity this replica's identity, written into the Lease while it leads
   * @param timings the Lease's timings
   * @param exitOnStopLeading whether the process exits when it loses the lead (production: true, so
   *     a replica that lost its Lease never reconciles beside the new leader; Kubernetes restarts
   *     it as a follower)
   * @return the configuration to hand to the operator
   */
  @SuppressWarnings("deprecation") // JOSDK 5.3.2's builder cannot make exitOnStopLeading true
  public static LeaderElectionConfiguration configuration(
      String leaseName,
      Optional<String> namespace,
      String identity,
      LeaseTimings timings,
      boolean exitOnStopLeading) {
    String lease = namespace.map(ns -> ns + "/").orElse("") + leaseName;
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () ->
                LOG.infof(
                    "Replica %s leads (Lease %s): it reconciles from now on", identity, lease),
            () -> LOG.warnf("Replica %s stopped leading (Lease %s)", identity, lease),
            leader -> {});
    return new LeaderElectionConfiguration(
        leaseName,
        namespace.orElse(null),
        timings.leaseDuration(),
        timings.renewDeadline(),
        timings.retryPeriod(),
        identity,
        callbacks,
        exitOnStopLeading);
  }

  /**
   * The identity of this replica: its pod name ({@code POD_NAME}, else {@code HOSTNAME}, which is
   * the pod name in Kubernetes) followed by a random suffix, so that two processes on one host
   * never share an identity.
   *
   * @param environment the process environment
   * @return an identity such as {@code kanary-7d9f8-x2x4q_1b4e28ba}
   */
  public static String identity(Map<String, String> environment) {
    String pod =
        nonBlank(environment.get("POD_NAME"))
            .or(() -> nonBlank(environment.get("HOSTNAME")))
            .orElse("kanary");
    return pod + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The namespace of the Lease: the configured one, else the pod's namespace ({@code
   * POD_NAMESPACE}, set from the downward API), else empty, and the Kubernetes client's namespace
   * is used (the service account's namespace inside a cluster).
   *
   * @param configured {@code kanary.leader-election.namespace}
   * @param environment the process environment
   * @return the namespace, or empty to use the client's
   */
  public static Optional<String> namespace(
      Optional<String> configured, Map<String, String> environment) {
    return configured
        .flatMap(LeaderElections::nonBlank)
        .or(() -> nonBlank(environment.get("POD_NAMESPACE")));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }
}
