package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kanary's own series next to Flagger's: the canaries per namespace and the schedule lag. */
class FlaggerMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FlaggerMetrics metrics = new FlaggerMetrics(registry, "0.1.0", "istio");

  @Test
  void canaryTotalCountsTheCanariesOfEachNamespaceOnce() {
    metrics.phase(canary("a", "prod"), CanaryPhase.PROGRESSING);
    metrics.phase(canary("a", "prod"), CanaryPhase.SUCCEEDED);
    metrics.phase(canary("b", "prod"), CanaryPhase.INITIALIZED);
    metrics.phase(canary("c", "test"), CanaryPhase.INITIALIZED);
    assertEquals(2, total("prod"));
    assertEquals(1, total("test"));
    metrics.forget(canary("a", "prod"));
    assertEquals(1, total("prod"));
  }

  @Test
  void scheduleLagRecordsHowLateStepsStartNeverNegative() {
    metrics.scheduleLag(Duration.ofMillis(30));
    metrics.scheduleLag(Duration.ofMillis(-5));
    Timer lag = registry.get("kanary.schedule.lag").timer();
    assertEquals(2, lag.count());
    assertEquals(30, lag.max(TimeUnit.MILLISECONDS), 0.001);
    assertEquals(30, lag.totalTime(TimeUnit.MILLISECONDS), 0.001);
  }

  private double total(String namespace) {
    return registry.get("flagger.canary.total").tag("namespace", namespace).gauge().value();
  }

  private static Canary canary(String name, String namespace) {
    return Serialization.unmarshal(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          service: {port: 80}
        """
            .formatted(name, namespace, name),
        Canary.class);
  }
}
