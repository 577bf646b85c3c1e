package dev.kanary.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.config.KanaryConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionsTest {

  @Test
  void theLeaseNamespaceIsTheConfiguredOneElseThePodsElseTheClients() {
    Map<String, String> pod = Map.of("POD_NAMESPACE", "kanary-system");
    assertEquals(
        Optional.of("ops"), LeaderElections.namespace(Optional.of("ops"), pod), "configured");
    assertEquals(
        Optional.of("kanary-system"), LeaderElections.namespace(Optional.of("  "), pod), "pod");
    assertEquals(Optional.empty(), LeaderElections.namespace(Optional.empty(), Map.of()));
  }

  @Test
  void theIdentityIsThePodNameWithARandomSuffix() {
    Map<String, String> environment = Map.of("POD_NAME", "kanary-7d9f8-x2x4q", "HOSTNAME", "node");
    String one = LeaderElections.identity(environment);
    String other = LeaderElections.identity(environment);
    assertTrue(one.startsWith("kanary-7d9f8-x2x4q_"), one);
    assertNotEquals(one, other, "two processes of one pod name never share an identity");
    assertTrue(LeaderElections.identity(Map.of("HOSTNAME", "host-1")).startsWith("host-1_"));
    assertTrue(LeaderElections.identity(Map.of()).startsWith("kanary_"));
  }

  @Test
  void timingsMustLeaveTheLeaderTimeToRenewBeforeItsLeaseExpires() {
    assertEquals(Duration.ofSeconds(15), LeaseTimings.DEFAULT.leaseDuration());
    IllegalArgumentException renew =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LeaseTimings(Duration.ofSeconds(10), Duration.ofSeconds(10), seconds(2)));
    assertTrue(renew.getMessage().contains("kanary.leader-election.lease-duration"));
    IllegalArgumentException retry =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(2), seconds(2)));
    assertTrue(retry.getMessage().contains("kanary.leader-election.renew-deadline"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO));
  }

  @Test
  void disabledLeaderElectionLeavesTheOperatorAlone() {
    LeaderElectionProducer producer =
        new LeaderElectionProducer(
            settings(Map.of()), LeaseTimings.DEFAULT, Map.of("POD_NAMESPACE", "kanary-system"));
    assertTrue(producer.election().isEmpty());
    assertNull(producer.leaderElection(), "no Lease for the operator SDK to campaign for");
  }

  @Test
  void enabledLeaderElectionCampaignsForTheConfiguredLeaseAndExitsWhenItLosesIt() {
    LeaderElectionProducer producer =
        new LeaderElectionProducer(
            settings(
                Map.of(
                    "kanary.leader-election.enabled", "true",
                    "kanary.leader-election.lease-name", "kanary-lease")),
            new LeaseTimings(seconds(20), seconds(12), seconds(3)),
            Map.of("POD_NAMESPACE", "kanary-system", "POD_NAME", "kanary-0"));

    LeaderElectionConfiguration election = producer.leaderElection();
    assertEquals("kanary-lease", election.getLeaseName());
    assertEquals(Optional.of("kanary-system"), election.getLeaseNamespace());
    assertTrue(election.getIdentity().orElseThrow().startsWith("kanary-0_"));
    assertEquals(seconds(20), election.getLeaseDuration());
    assertEquals(seconds(12), election.getRenewDeadline());
    assertEquals(seconds(3), election.getRetryPeriod());
    assertTrue(election.isExitOnStopLeading(), "a replica that lost its Lease never reconciles on");
    assertTrue(election.getLeaderCallbacks().isPresent());
  }

  @Test
  void aTestReplicaCanBeToldNotToExit() {
    LeaderElectionConfiguration election =
        LeaderElections.configuration(
            "lease", Optional.empty(), "replica-a", LeaseTimings.DEFAULT, false);
    assertFalse(election.isExitOnStopLeading());
    assertTrue(election.getLeaseNamespace().isEmpty(), "the client's namespace is used");
  }

  private static KanaryConfig.LeaderElection settings(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withMapping(KanaryConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build()
        .getConfigMapping(KanaryConfig.class)
        .leaderElection();
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
