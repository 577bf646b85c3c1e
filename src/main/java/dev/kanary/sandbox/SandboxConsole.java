package dev.kanary.sandbox;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Shows on the console what the tutorial shows: the Events of canaries as they are recorded (as
 * {@code kubectl describe canary} lists them), and, whenever a canary's status or weight changes,
 * the {@code kubectl get canaries --all-namespaces} table.
 */
public final class SandboxConsole implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("dev.kanary.sandbox.console");
  private static final String ROW = "%-10s %-10s %-13s %-7s %s";

  private final SharedIndexInformer<Canary> canaries;
  private final SharedIndexInformer<Event> events;
  private final AtomicBoolean tablePending = new AtomicBoolean();
  private final ScheduledExecutorService timer = SandboxThreads.scheduler("kanary-sandbox-console");

  /**
   * Starts showing the sandbox's canaries and Events.
   *
   * @param client a client of the sandbox's API server
   */
  public SandboxConsole(KubernetesClient client) {
    this.canaries =
        client
            .resources(Canary.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Canary canary) {
                    scheduleTable();
                  }

                  @Override
                  public void onUpdate(Canary before, Canary after) {
                    if (!row(before).equals(row(after))) {
                      scheduleTable();
                    }
                  }

                  @Override
                  public void onDelete(Canary canary, boolean unknown) {
                    scheduleTable();
                  }
                });
    this.events =
        client
            .v1()
            .events()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Event event) {
                    print(event);
                  }

                  @Override
                  public void onUpdate(Event before, Event after) {
                    if (!Objects.equals(before.getCount(), after.getCount())) {
                      print(after);
                    }
                  }

                  @Override
                  public void onDelete(Event event, boolean unknown) {}
                });
  }

  /**
   * Prints a line of the tutorial's narration.
   *
   * @param line the line
   */
  public void say(String line) {
    LOG.info(line);
  }

  private static void print(Event event) {
    if (event.getInvolvedObject() == null
        || !"Canary".equals(event.getInvolvedObject().getKind())) {
      return;
    }
    LOG.infof(
        "Event  %-7s %-7s canary/%s.%s  %s",
        event.getType(),
        event.getReason(),
        event.getInvolvedObject().getName(),
        event.getInvolvedObject().getNamespace(),
        event.getMessage());
  }

  private void scheduleTable() {
    if (tablePending.compareAndSet(false, true)) {
      timer.schedule(this::printTable, 500, TimeUnit.MILLISECONDS);
    }
  }

  private void printTable() {
    tablePending.set(false);
    List<Canary> sorted =
        canaries.getStore().list().stream()
            .sorted(
                Comparator.comparing((Canary c) -> c.getMetadata().getNamespace())
                    .thenComparing(c -> c.getMetadata().getName()))
            .toList();
    StringBuilder table = new StringBuilder("kubectl get canaries --all-namespaces\n");
    table.append(String.format(ROW, "NAMESPACE", "NAME", "STATUS", "WEIGHT", "LASTTRANSITIONTIME"));
    for (Canary canary : sorted) {
      table.append('\n').append(row(canary));
    }
    LOG.info(table);
  }

  private static String row(Canary canary) {
    CanaryStatus status = canary.getStatus() == null ? new CanaryStatus() : canary.getStatus();
    return String.format(
        ROW,
        canary.getMetadata().getNamespace(),
        canary.getMetadata().getName(),
        status.phase == null ? "" : status.phase,
        status.canaryWeight == null ? 0 : status.canaryWeight,
        status.lastTransitionTime == null ? "" : status.lastTransitionTime);
  }

  @Override
  public void close() {
    canaries.close();
    events.close();
    timer.shutdownNow();
  }
}
