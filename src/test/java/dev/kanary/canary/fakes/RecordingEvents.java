package dev.kanary.canary.fakes;

import dev.kanary.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Records every Event's message; warnings are prefixed with {@code W }. */
public final class RecordingEvents implements EventRecorder {

  /** The Events recorded, in order. */
  public final List<String> messages = new ArrayList<>();

  @Override
  public void normal(HasMetadata involved, String reason, String message) {
    messages.add(message);
  }

  @Override
  public void warning(HasMetadata involved, String reason, String message) {
    messages.add("W " + message);
  }
}
