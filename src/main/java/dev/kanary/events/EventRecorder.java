package dev.kanary.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Kubernetes Events about Kanary's resources, as {@code kubectl describe} shows them.
 *
 * <p>Recording never fails from the caller's point of view: an Event that cannot be written is
 * logged and dropped, since Events are informational and must not stop a rollout.
 */
public interface EventRecorder {

  /** The reason Flagger gives every Event it records about a Canary. */
  String SYNCED = "Synced";

  /**
   * Records an informational Event.
   *
   * @param involved the resource the Event is about
   * @param reason a CamelCase reason
   * @param message what happened
   */
  void normal(HasMetadata involved, String reason, String message);

  /**
   * Records a warning Event.
   *
   * @param involved the resource the Event is about
   * @param reason a CamelCase reason
   * @param message what went wrong
   */
  void warning(HasMetadata involved, String reason, String message);
}
