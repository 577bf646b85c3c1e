package dev.kanary.notifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert about a canary, independent of the chat system that shows it.
 *
 * @param canaryName the canary's name
 * @param namespace the canary's namespace
 * @param severity how serious the alert is; errors are shown in red
 * @param text the alert text, one of Flagger's messages
 * @param fields the details shown below the text, in order, without the cluster
 * @param clusterName the cluster the operator runs in, shown as the first field when present
 */
public record Message(
    String canaryName,
    String namespace,
    Severity severity,
    String text,
    List<Field> fields,
    Optional<String> clusterName) {

  /**
   * One titled detail of an alert.
   *
   * @param title the field's title, for example {@code Target}
   * @param value the field's value, for example {@code Deployment/podinfo.test}
   */
  public record Field(String title, String value) {

    /** Checks that title and value are present. */
    public Field {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Checks the components and copies the field list. */
  public Message {
    Objects.requireNonNull(canaryName, "canaryName");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(text, "text");
    fields = List.copyOf(fields);
    clusterName = clusterName.filter(name -> !name.isBlank());
  }

  /**
   * The canary as chat messages name it.
   *
   * @return {@code <name>.<namespace>}
   */
  public String subject() {
    return canaryName + "." + namespace;
  }

  /**
   * The fields as shown: {@code Cluster} first when a cluster name is set, then {@link #fields()}.
   *
   * @return the fields to render, in order
   */
  public List<Field> displayedFields() {
    List<Field> displayed = new ArrayList<>(fields.size() + 1);
    clusterName.ifPresent(name -> displayed.add(new Field("Cluster", name)));
    displayed.addAll(fields);
    return displayed;
  }
}
