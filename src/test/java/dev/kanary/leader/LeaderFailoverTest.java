package dev.kanary.leader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.sandbox.SimulatedWorkloadController;
import dev.kanary.testing.Canaries;
import dev.kanary.testing.CanaryWaits;
import dev.kanary.testing.Workloads;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Kanary replicas on one simulated API server, campaigning for one Lease: one leads and
 * reconciles, the other waits; when the leader stops (rolling update) or dies (its Lease expires),
 * the other takes over and finishes the rollout, and every analysis iteration is advanced exactly
 * once over both replicas.
 */
class LeaderFailoverTest {

  private static final LeaseTimings TIMINGS =
      new LeaseTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(1));
  private static final String NS = "failover";
  private static final String NAME = "podinfo";
  private static final int ITERATIONS = 6;

  private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  private SimulatedApiServer server;
  private KubernetesClient client;
  private SimulatedWorkloadController workloads;
  private CanaryWaits waits;
  private Replica first;
  private Replica second;

  @BeforeEach
  void start() {
    server = new SimulatedApiServer();
    client = server.newClient();
    workloads =
        new SimulatedWorkloadController(client, Duration.ofMillis(200), 2, Clock.systemUTC());
    waits = new CanaryWaits(client, Duration.ofSeconds(60), Duration.ofMillis(100));
    first = new Replica(server, "replica-a", TIMINGS, journal);
    second = new Replica(server, "replica-b", TIMINGS, journal);
    first.start();
    awaitLeader(first);
    second.start();
  }

  @AfterEach
  void stop() {
    first.bury();
    second.stop();
    first.client.close();
    second.client.close();
    workloads.close();
    client.close();
    server.close();
  }

  @Test
  void whenTheLeaderStopsTheFollowerFinishesTheRollout() {
    rollOutUntilTheLeaderHasAdvancedTwice();

    first.stop();
    int reconcilesOfTheFormerLeader = first.reconciles.get();
    long stopped = System.nanoTime();
    awaitLeader(second);
    System.out.printf(
        "Lease taken over %d ms after the leader stopped%n",
        Duration.ofNanos(System.nanoTime() - stopped).toMillis());

    awaitPhase(CanaryPhase.SUCCEEDED);
    assertEquals(
        reconcilesOfTheFormerLeader,
        first.reconciles.get(),
        "a stopped replica reconciles no more");
    assertEachIterationAdvancedOnceByOneLeaderThenTheOther();
  }

  @Test
  void whenTheLeaderDiesTheFollowerTakesTheExpiredLeaseOverAndFinishesTheRollout() {
    rollOutUntilTheLeaderHasAdvancedTwice();

    first.crash(this::awaitStatusOfTheLastAdvance);
    int reconcilesOfTheFormerLeader = first.reconciles.get();
    long crashed = System.nanoTime();
    awaitLeader(second);
    System.out.printf(
        "Lease taken over %d ms after the leader died (lease duration %d ms)%n",
        Duration.ofNanos(System.nanoTime() - crashed).toMillis(),
        TIMINGS.leaseDuration().toMillis());

    awaitPhase(CanaryPhase.SUCCEEDED);
    assertEquals(reconcilesOfTheFormerLeader, first.reconciles.get());
    assertEachIterationAdvancedOnceByOneLeaderThenTheOther();
  }

  private void rollOutUntilTheLeaderHasAdvancedTwice() {
    client.resource(Workloads.canaryTarget(NS, NAME, "podinfo:1.0", 60)).create();
    client.resource(Canaries.canary(NS, NAME, "Deployment", "kubernetes", ITERATIONS)).create();
    awaitPhase(CanaryPhase.INITIALIZED);
    Workloads.setImage(client, NS, NAME, "podinfo:1.1");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> journal.contains(first.identity + ": " + advance(2)));
    assertEquals(0, second.reconciles.get(), "the follower waits: it has reconciled nothing");
    assertTrue(first.reconciles.get() > 0);
  }

  private void assertEachIterationAdvancedOnceByOneLeaderThenTheOther() {
    List<String> advances;
    synchronized (journal) {
      advances = journal.stream().filter(line -> line.contains(": Advance ")).toList();
    }
    List<String> expected =
        IntStream.rangeClosed(1, ITERATIONS).mapToObj(LeaderFailoverTest::advance).toList();
    assertEquals(
        expected,
        advances.stream().map(line -> line.substring(line.indexOf(": ") + 2)).toList(),
        "every iteration advanced once, in order, none lost nor repeated: " + advances);
    long byTheFirst = advances.stream().takeWhile(line -> line.startsWith(first.identity)).count();
    assertTrue(
        byTheFirst >= 2
            && byTheFirst < ITERATIONS
            && advances.stream()
                .skip(byTheFirst)
                .allMatch(line -> line.startsWith(second.identity + ": ")),
        "the first leader advanced, then only the second: " + advances);
    assertTrue(
        journal.contains(
            second.identity + ": Promotion completed! Scaling down " + NAME + "." + NS),
        journal.toString());
  }

  /** Waits until the canary's status counts as many iterations as the journal shows advances. */
  private void awaitStatusOfTheLastAdvance() {
    Integer advanced;
    synchronized (journal) {
      advanced = (int) journal.stream().filter(line -> line.contains(": Advance ")).count();
    }
    waits.until(NS, NAME, c -> c.getStatus() != null && advanced.equals(c.getStatus().iterations));
  }

  private static String advance(int iteration) {
    return "Advance " + NAME + "." + NS + " canary iteration " + iteration + "/" + ITERATIONS;
  }

  private void awaitLeader(Replica replica) {
    await()
        .atMost(TIMINGS.leaseDuration().multipliedBy(4))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                client
                    .resources(Lease.class)
                    .inNamespace(Replica.LEASE_NAMESPACE)
                    .withName(Replica.LEASE)
                    .get(),
            lease ->
                lease != null
                    && lease.getSpec() != null
                    && replica.identity.equals(lease.getSpec().getHolderIdentity()));
  }

  private void awaitPhase(CanaryPhase phase) {
    waits.phase(NS, NAME, phase);
  }
}
