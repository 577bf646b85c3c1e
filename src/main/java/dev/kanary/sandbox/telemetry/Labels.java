package dev.kanary.sandbox.telemetry;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of label pairs sorted by name, as Prometheus keeps them; the metric name is the
 * label {@value #NAME}.
 */
public final class Labels implements Comparable<Labels> {

  /** The label that holds the metric name. */
  public static final String NAME = "__name__";

  /** The empty label set. */
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private final int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  /**
   * Makes a label set from pairs; labels with an empty value are left out, as Prometheus does.
   *
   * @param pairs label names and values
   * @return the label set
   */
  public static Labels of(Map<String, String> pairs) {
    TreeMap<String, String> sorted = new TreeMap<>();
    pairs.forEach(
        (name, value) -> {
          if (value != null && !value.isEmpty()) {
            sorted.put(name, value);
          }
        });
    return new Labels(
        sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0]));
  }

  /**
   * The value of a label.
   *
   * @param name the label name
   * @return its value, or the empty string when the label is absent
   */
  public String get(String name) {
    int index = Arrays.binarySearch(names, name);
    return index < 0 ? "" : values[index];
  }

  /**
   * The labels as a map in name order.
   *
   * @return a new insertion-ordered map
   */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return map;
  }

  /**
   * This set without some labels.
   *
   * @param dropped the names to leave out
   * @return the remaining labels
   */
  public Labels without(Collection<String> dropped) {
    return filter(dropped, false);
  }

  /**
   * Only some labels of this set.
   *
   * @param kept the names to keep
   * @return the kept labels that are present
   */
  public Labels only(Collection<String> kept) {
    return filter(kept, true);
  }

  /**
   * This set with one more label, or with a label's value replaced.
   *
   * @param name the label name
   * @param value its value
   * @return the new set
   */
  public Labels with(String name, String value) {
    int index = Arrays.binarySearch(names, name);
    if (index >= 0) {
      String[] newValues = values.clone();
      newValues[index] = value;
      return new Labels(names, newValues);
    }
    int at = -index - 1;
    String[] newNames = new String[names.length + 1];
    String[] newValues = new String[names.length + 1];
    System.arraycopy(names, 0, newNames, 0, at);
    System.arraycopy(values, 0, newValues, 0, at);
    newNames[at] = name;
    newValues[at] = value;
    System.arraycopy(names, at, newNames, at + 1, names.length - at);
    System.arraycopy(values, at, newValues, at + 1, names.length - at);
    return new Labels(newNames, newValues);
  }

  /**
   * This set without the metric name.
   *
   * @return the labels other than {@value #NAME}
   */
  public Labels withoutName() {
    return Arrays.binarySearch(names, NAME) < 0 ? this : without(List.of(NAME));
  }

  private Labels filter(Collection<String> selected, boolean keep) {
    int count = 0;
    boolean[] chosen = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      chosen[i] = selected.contains(names[i]) == keep;
      count += chosen[i] ? 1 : 0;
    }
    if (count == names.length) {
      return this;
    }
    String[] keptNames = new String[count];
    String[] keptValues = new String[count];
    int next = 0;
    for (int i = 0; i < names.length; i++) {
      if (chosen[i]) {
        keptNames[next] = names[i];
        keptValues[next++] = values[i];
      }
    }
    return new Labels(keptNames, keptValues);
  }

  @Override
  public int compareTo(Labels other) {
    int common = Math.min(names.length, other.names.length);
    for (int i = 0; i < common; i++) {
      int byName = names[i].compareTo(other.names[i]);
      if (byName != 0) {
        return byName;
      }
      int byValue = values[i].compareTo(other.values[i]);
      if (byValue != 0) {
        return byValue;
      }
    }
    return Integer.compare(names.length, other.names.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Labels labels
        && hash == labels.hash
        && Arrays.equals(names, labels.names)
        && Arrays.equals(values, labels.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Prints the set as PromQL and the exposition format print it, {@code {a="1", b="2"}}.
   *
   * @return the label set's text
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(names[i]).append("=\"");
      Exposition.escapeLabelValue(values[i], out);
      out.append('"');
    }
    return out.append('}').toString();
  }
}
