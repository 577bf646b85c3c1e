package dev.kanary.metrics;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.DeploymentStrategy;
import dev.kanary.canary.RolloutMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Kanary's rollout metrics in Micrometer, exported as Flagger's {@code flagger_*} series. */
public class FlaggerMetrics implements RolloutMetrics {

  /** Prometheus' default histogram buckets, which Flagger's step histogram uses. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<Meter.Id, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final Timer scheduleLag;
  private final Map<String, Set<String>> canariesByNamespace = new ConcurrentHashMap<>();

  /**
   * Creates the recorder and publishes {@code flagger_info}.
   *
   * @param registry the registry the series are published in
   * @param version Kanary's version
   * @param meshProvider the operator's mesh provider
   */
  public FlaggerMetrics(MeterRegistry registry, String version, String meshProvider) {
    this.registry = registry;
    this.scheduleLag =
        Timer.builder("kanary.schedule.lag")
            .description("How late analysis steps start after their interval made them due")
            .publishPercentiles(0.5, 0.99)
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    set("flagger.info", Tags.of("version", version, "mesh_provider", meshProvider), 1);
  }

  @Override
  public void phase(Canary canary, CanaryPhase phase) {
    long value =
        switch (phase) {
          case PROGRESSING -> 0;
          case FAILED -> 2;
          default -> 1;
        };
    set("flagger.canary.status", targetTags(canary), value);
    count(canary, true);
  }

  /** Keeps {@code flagger_canary_total{namespace}}: the canaries seen per namespace. */
  private void count(Canary canary, boolean present) {
    String namespace = canary.getMetadata().getNamespace();
    Set<String> names =
        canariesByNamespace.computeIfAbsent(namespace, ns -> ConcurrentHashMap.newKeySet());
    boolean changed =
        present
            ? names.add(canary.getMetadata().getName())
            : names.remove(canary.getMetadata().getName());
    if (changed) {
      set("flagger.canary.total", Tags.of("namespace", namespace), names.size());
    }
  }

  @Override
  public void weights(Canary canary, int primaryWeight, int canaryWeight) {
    String target = canary.getSpec().targetRef.name;
    String namespace = canary.getMetadata().getNamespace();
    set(
        "flagger.canary.weight",
        Tags.of("workload", target + "-primary", "namespace", namespace),
        primaryWeight);
    set("flagger.canary.weight", Tags.of("workload", target, "namespace", namespace), canaryWeight);
  }

  @Override
  public void metricValue(Canary canary, String metric, double value) {
    set("flagger.canary.metric.analysis", canaryTags(canary).and("metric", metric), value);
  }

  @Override
  public void stepDuration(Canary canary, Duration duration) {
    Timer.builder("flagger.canary.duration")
        .tags(canaryTags(canary))
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(duration);
  }

  @Override
  public void scheduleLag(Duration late) {
    scheduleLag.record(late.isNegative() ? Duration.ZERO : late);
  }

  @Override
  public void finished(
      Canary canary, DeploymentStrategy strategy, boolean succeeded, boolean skipped) {
    Counter.builder(succeeded ? "flagger.canary.successes" : "flagger.canary.failures")
        .tags(
            canaryTags(canary)
                .and("deployment_strategy", strategy.label())
                .and("analysis_status", skipped ? "skipped" : "completed"))
        .register(registry)
        .increment();
  }

  @Override
  public void forget(Canary canary) {
    count(canary, false);
    String namespace = canary.getMetadata().getNamespace();
    List<String> names = List.of(canary.getMetadata().getName(), canary.getSpec().targetRef.name);
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("flagger.canary."))
        .filter(m -> namespace.equals(m.getId().getTag("namespace")))
        .filter(
            m ->
                names.contains(String.valueOf(m.getId().getTag("name")))
                    || names.contains(String.valueOf(m.getId().getTag("workload")))
                    || (canary.getSpec().targetRef.name + "-primary")
                        .equals(m.getId().getTag("workload")))
        .toList()
        .forEach(
            m -> {
              registry.remove(m);
              gauges.remove(m.getId());
            });
  }

  private void set(String name, Tags tags, double value) {
    Meter.Id id = new Meter.Id(name, tags, null, null, Meter.Type.GAUGE);
    gauges
        .computeIfAbsent(
            id,
            key -> {
              AtomicLong bits = new AtomicLong();
              Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
                  .tags(tags)
                  .register(registry);
              return bits;
            })
        .set(Double.doubleToLongBits(value));
  }

  private static Tags canaryTags(Canary canary) {
    return Tags.of(
        "name", canary.getMetadata().getName(), "namespace", canary.getMetadata().getNamespace());
  }

  private static Tags targetTags(Canary canary) {
    return Tags.of(
        "name", canary.getSpec().targetRef.name, "namespace", canary.getMetadata().getNamespace());
  }
}
