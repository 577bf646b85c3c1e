package dev.kanary.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.config.KanaryConfig;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionsTest {

  private static final KubernetesClient CLIENT =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
          .build();

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
    LeaderElectionCustomizer customizer =
        new LeaderElectionCustomizer(
            settings(Map.of()),
            LeaseTimings.DEFAULT,
            Map.of("POD_NAMESPACE", "kanary-system"),
            CLIENT);
    assertTrue(customizer.election().isEmpty());
    assertTrue(customized(customizer).getLeaderElectionConfiguration().isEmpty());
    assertSame(
        CLIENT,
        customized(customizer).getKubernetesClient(),
        "the rebuilt configuration keeps the application's client, not a default one");
  }

  @Test
  void enabledLeaderElectionCampaignsForTheConfiguredLeaseAndExitsWhenItLosesIt() {
    LeaderElectionCustomizer customizer =
        new LeaderElectionCustomizer(
            settings(
                Map.of(
                    "kanary.leader-election.enabled", "true",
                    "kanary.leader-election.lease-name", "kanary-lease")),
            new LeaseTimings(seconds(20), seconds(12), seconds(3)),
            Map.of("POD_NAMESPACE", "kanary-system", "POD_NAME", "kanary-0"),
            CLIENT);

    LeaderElectionConfiguration election =
        customized(customizer).getLeaderElectionConfiguration().orElseThrow();
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

  private static ConfigurationService customized(LeaderElectionCustomizer customizer) {
    return ConfigurationService.newOverriddenConfigurationService(
        new BaseConfigurationService(), customizer.overrider());
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
