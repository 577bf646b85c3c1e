package dev.kanary.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** Writes core/v1 Events to the API server, in the involved resource's namespace. */
@ApplicationScoped
public class KubernetesEventRecorder implements EventRecorder {

  /** The component named as the source of Kanary's Events. */
  public static final String COMPONENT = "kanary";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  /**
   * Creates a recorder.
   *
   * @param client the client Events are written with
   * @param clock the clock that stamps them
   */
  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void normal(HasMetadata involved, String reason, String message) {
    record(involved, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata involved, String reason, String message) {
    record(involved, "Warning", reason, message);
  }

  private void record(HasMetadata involved, String type, String reason, String message) {
    Instant now = clock.instant();
    String namespace = involved.getMetadata().getNamespace();
    String name = involved.getMetadata().getName();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(
                name
                    + "."
                    + Long.toHexString(now.toEpochMilli())
                    + Long.toHexString(SEQUENCE.incrementAndGet()))
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(involved.getApiVersion())
            .withKind(involved.getKind())
            .withName(name)
            .withNamespace(namespace)
            .withUid(involved.getMetadata().getUid())
            .withResourceVersion(involved.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "Could not record event for %s.%s (%s): %s", name, namespace, message, e.getMessage());
    }
  }
}
