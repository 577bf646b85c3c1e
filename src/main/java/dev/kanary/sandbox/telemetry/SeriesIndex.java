package dev.kanary.sandbox.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An inverted index of one family's series by label value, so that a selector such as Kanary's
 * {@code destination_workload_namespace="prod",destination_workload=~"backend"} visits the few
 * series of one workload rather than all of them.
 */
final class SeriesIndex {

  /** A regular expression without metacharacters matches only itself. */
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_:/ -]+");

  private final long version;
  private final List<RequestSeries> all;
  private final Map<String, Map<String, List<RequestSeries>>> postings = new HashMap<>();

  /**
   * Indexes series.
   *
   * @param version the version of the family's series set this index reflects
   * @param series the series
   */
  SeriesIndex(long version, Collection<RequestSeries> series) {
    this.version = version;
    this.all = List.copyOf(series);
    for (RequestSeries one : all) {
      for (Map.Entry<String, String> label : one.labels().asMap().entrySet()) {
        postings
            .computeIfAbsent(label.getKey(), name -> new HashMap<>())
            .computeIfAbsent(label.getValue(), value -> new ArrayList<>())
            .add(one);
      }
    }
  }

  /**
   * The version of the series set this index reflects.
   *
   * @return the version it was built from
   */
  long version() {
    return version;
  }

  /**
   * The series that may satisfy matchers: the shortest list of series having one label value that a
   * matcher requires ({@code l="v"} or a regular expression without metacharacters), or all series
   * when no matcher requires one.
   *
   * @param matchers the matchers on ordinary labels
   * @return a superset of the matching series
   */
  List<RequestSeries> candidates(List<LabelMatcher> matchers) {
    List<RequestSeries> best = all;
    for (LabelMatcher matcher : matchers) {
      boolean pins =
          matcher.op() == LabelMatcher.Op.EQUAL && !matcher.value().isEmpty()
              || matcher.op() == LabelMatcher.Op.REGEX
                  && LITERAL.matcher(matcher.value()).matches();
      if (pins) {
        List<RequestSeries> pinned =
            postings
                .getOrDefault(matcher.name(), Map.of())
                .getOrDefault(matcher.value(), List.of());
        if (pinned.size() < best.size()) {
          best = pinned;
        }
      }
    }
    return best;
  }
}
