package dev.kanary.sandbox;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plays Kubernetes' Deployment and DaemonSet controllers on the sandbox's API server: after a delay
 * it reports every replica updated and available, honouring replicas, scale-to-zero and the
 * DaemonSet scale-to-zero node selector. An image can be made to stay unready, or to crash loop, in
 * which case the Deployment reports {@code ProgressDeadlineExceeded} once its {@code
 * progressDeadlineSeconds} have passed, as the real controller does.
 */
public final class SimulatedWorkloadController implements AutoCloseable {

  /** How a workload running a given image behaves. */
  public enum Behaviour {
    /** Becomes ready after the delay. */
    HEALTHY,
    /** Never becomes ready, and never reports a deadline. */
    UNREADY,
    /** Never becomes ready, and reports a deadline once it has passed. */
    CRASH_LOOP
  }

  private static final Logger LOG = Logger.getLogger(SimulatedWorkloadController.class);
  private static final String SCALE_TO_ZERO = "flagger.app/scale-to-zero";

  private final KubernetesClient client;
  private final Duration delay;
  private final int nodes;
  private final Clock clock;
  private final Map<String, Behaviour> images = new ConcurrentHashMap<>();
  private final Map<String, Instant> rolloutStarts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      SandboxThreads.scheduler("kanary-sandbox-workloads");
  private final List<SharedIndexInformer<?>> informers;

  /**
   * Starts playing the controllers.
   *
   * @param client a client of the sandbox's API server
   * @param delay how long a rollout takes to become ready
   * @param nodes how many nodes a DaemonSet schedules on
   * @param clock the clock deadlines are measured with
   */
  public SimulatedWorkloadController(
      KubernetesClient client, Duration delay, int nodes, Clock clock) {
    this.client = client;
    this.delay = delay;
    this.nodes = nodes;
    this.clock = clock;
    this.informers =
        List.of(
            client.apps().deployments().inAnyNamespace().inform(handler(this::schedule)),
            client.apps().daemonSets().inAnyNamespace().inform(handler(this::schedule)));
  }

  /**
   * Sets how workloads running an image behave.
   *
   * @param image the container image, for example {@code podinfo:1.4.2}
   * @param behaviour the behaviour
   */
  public void behave(String image, Behaviour behaviour) {
    images.put(image, behaviour);
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T resource) {
        action.accept(resource);
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!Objects.equals(
                before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
            || !Objects.equals(specOf(before), specOf(after))) {
          action.accept(after);
        }
      }

      @Override
      public void onDelete(T resource, boolean unknown) {}
    };
  }

  private static Object specOf(Object resource) {
    if (resource instanceof Deployment d) {
      return d.getSpec();
    }
    return ((DaemonSet) resource).getSpec();
  }

  private void schedule(Object resource) {
    if (resource instanceof Deployment deployment) {
      String key = key(deployment.getMetadata());
      rolloutStarts.put(key, clock.instant());
      markProgressing(deployment);
      timer.schedule(() -> settle(deployment), delay.toMillis(), TimeUnit.MILLISECONDS);
    } else if (resource instanceof DaemonSet daemonSet) {
      timer.schedule(() -> settle(daemonSet), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void markProgressing(Deployment deployment) {
    int replicas = replicas(deployment);
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(deployment.getMetadata().getGeneration());
    status.setReplicas(replicas);
    status.setUpdatedReplicas(0);
    status.setReadyReplicas(0);
    status.setAvailableReplicas(0);
    writeStatus(deployment, status);
  }

  private void settle(Deployment stale) {
    Deployment deployment = fresh(stale);
    if (deployment == null) {
      return;
    }
    int replicas = replicas(deployment);
    Behaviour behaviour = behaviourOf(deployment.getSpec().getTemplate().getSpec().getContainers());
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(deployment.getMetadata().getGeneration());
    status.setReplicas(replicas);
    status.setUpdatedReplicas(replicas);
    if (behaviour == Behaviour.HEALTHY || replicas == 0) {
      status.setReadyReplicas(replicas);
      status.setAvailableReplicas(replicas);
      writeStatus(deployment, status);
      return;
    }
    status.setReadyReplicas(0);
    status.setAvailableReplicas(0);
    if (behaviour == Behaviour.CRASH_LOOP) {
      Instant started = rolloutStarts.getOrDefault(key(deployment.getMetadata()), clock.instant());
      Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
      Duration allowed = Duration.ofSeconds(deadline == null ? 600 : deadline);
      if (clock.instant().isAfter(started.plus(allowed))) {
        status.setConditions(List.of(deadlineExceeded(deployment)));
      } else {
        timer.schedule(() -> settle(deployment), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    writeStatus(deployment, status);
  }

  private static DeploymentCondition deadlineExceeded(Deployment deployment) {
    return new DeploymentConditionBuilder()
        .withType("Progressing")
        .withStatus("False")
        .withReason("ProgressDeadlineExceeded")
        .withMessage(
            "ReplicaSet of \""
                + deployment.getMetadata().getName()
                + "\" has timed out progressing.")
        .build();
  }

  private void settle(DaemonSet stale) {
    DaemonSet daemonSet =
        client
            .apps()
            .daemonSets()
            .inNamespace(stale.getMetadata().getNamespace())
            .withName(stale.getMetadata().getName())
            .get();
    if (daemonSet == null) {
      return;
    }
    Map<String, String> selector = daemonSet.getSpec().getTemplate().getSpec().getNodeSelector();
    int desired = selector != null && selector.containsKey(SCALE_TO_ZERO) ? 0 : nodes;
    boolean healthy =
        behaviourOf(daemonSet.getSpec().getTemplate().getSpec().getContainers())
            == Behaviour.HEALTHY;
    DaemonSetStatus status = new DaemonSetStatus();
    status.setObservedGeneration(daemonSet.getMetadata().getGeneration());
    status.setDesiredNumberScheduled(desired);
    status.setCurrentNumberScheduled(desired);
    status.setUpdatedNumberScheduled(desired);
    status.setNumberReady(healthy ? desired : 0);
    status.setNumberAvailable(healthy ? desired : 0);
    status.setNumberMisscheduled(0);
    daemonSet.setStatus(status);
    try {
      client.resource(daemonSet).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debugf(
          "DaemonSet %s status not written: %s", daemonSet.getMetadata().getName(), e.getMessage());
    }
  }

  private Deployment fresh(Deployment stale) {
    return client
        .apps()
        .deployments()
        .inNamespace(stale.getMetadata().getNamespace())
        .withName(stale.getMetadata().getName())
        .get();
  }

  private void writeStatus(Deployment deployment, DeploymentStatus status) {
    Deployment current = fresh(deployment);
    if (current == null) {
      return;
    }
    current.setStatus(status);
    try {
      client.resource(current).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debugf(
          "Deployment %s status not written: %s", current.getMetadata().getName(), e.getMessage());
    }
  }

  private Behaviour behaviourOf(List<io.fabric8.kubernetes.api.model.Container> containers) {
    Set<Behaviour> found =
        containers.stream()
            .map(c -> images.getOrDefault(c.getImage(), Behaviour.HEALTHY))
            .collect(java.util.stream.Collectors.toSet());
    if (found.contains(Behaviour.CRASH_LOOP)) {
      return Behaviour.CRASH_LOOP;
    }
    return found.contains(Behaviour.UNREADY) ? Behaviour.UNREADY : Behaviour.HEALTHY;
  }

  private static int replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static String key(io.fabric8.kubernetes.api.model.ObjectMeta metadata) {
    return metadata.getNamespace() + "/" + metadata.getName();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    timer.shutdownNow();
  }
}
