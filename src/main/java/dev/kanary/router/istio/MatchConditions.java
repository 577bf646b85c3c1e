package dev.kanary.router.istio;

import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import dev.kanary.router.support.SessionCookies;
import dev.kanary.router.support.SpecJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the match conditions of the A/B and sticky routes: each extra condition combined with each
 * of the service's own matches.
 */
final class MatchConditions {

  private static final String RE2_SPECIAL = "\\.+*?()|[]{}^$";

  private MatchConditions() {}

  /**
   * Combines conditions with the service's matches: one match per pair, holding the service match's
   * fields plus the condition's headers, query parameters and source labels (the condition's entry
   * wins when both name the same key). Without service matches the conditions are returned as they
   * are.
   *
   * @param conditions the extra conditions (A/B matches or a cookie match)
   * @param serviceMatch {@code spec.service.match}, or null
   * @return the combined matches (copies; the inputs are not changed)
   */
  static List<HttpMatchRequest> combine(
      List<HttpMatchRequest> conditions, List<HttpMatchRequest> serviceMatch) {
    if (serviceMatch == null || serviceMatch.isEmpty()) {
      return conditions.stream().map(SpecJson::copy).toList();
    }
    List<HttpMatchRequest> combined = new ArrayList<>();
    for (HttpMatchRequest condition : conditions) {
      for (HttpMatchRequest base : serviceMatch) {
        HttpMatchRequest match = SpecJson.copy(base);
        match.headers = union(match.headers, condition.headers);
        match.queryParams = union(match.queryParams, condition.queryParams);
        match.sourceLabels = union(match.sourceLabels, condition.sourceLabels);
        combined.add(match);
      }
    }
    return combined;
  }

  /**
   * Translates a Canary's A/B matches to Istio match requests.
   *
   * @param matches {@code analysis.match}
   * @return one Istio match per entry, with its headers, query parameters and source labels
   */
  static List<HttpMatchRequest> fromAnalysis(List<AnalysisMatch> matches) {
    List<HttpMatchRequest> requests = new ArrayList<>();
    for (AnalysisMatch match : matches) {
      HttpMatchRequest request = new HttpMatchRequest();
      if (match.headers != null && !match.headers.isEmpty()) {
        request.headers = new LinkedHashMap<>();
        match.headers.forEach((name, header) -> request.headers.put(name, toStringMatch(header)));
      }
      request.queryParams = nullIfEmpty(match.queryParams);
      request.sourceLabels = nullIfEmpty(match.sourceLabels);
      requests.add(request);
    }
    return requests;
  }

  /**
   * Translates a header condition to Istio's string match, which has no suffix match: a suffix
   * becomes the regular expression {@code .*<escaped suffix>} (Envoy matches a regex against the
   * whole value).
   *
   * @param header the header condition
   * @return the equivalent string match
   */
  static StringMatch toStringMatch(HeaderMatch header) {
    StringMatch match = new StringMatch();
    match.exact = header.exact;
    match.prefix = header.prefix;
    match.regex = header.regex;
    if (header.suffix != null && header.regex == null) {
      match.regex = ".*" + escapeRegex(header.suffix);
    }
    return match;
  }

  /**
   * A match on the {@code Cookie} header that holds a session-affinity cookie.
   *
   * @param cookie the cookie as {@code name=value}
   * @return a match with the regex {@code .*name.*value.*}
   */
  static HttpMatchRequest cookie(String cookie) {
    int equals = cookie.indexOf('=');
    String name = equals < 0 ? cookie : cookie.substring(0, equals);
    String value = equals < 0 ? "" : cookie.substring(equals + 1);
    StringMatch regex = new StringMatch();
    regex.regex = ".*" + name + ".*" + value + ".*";
    HttpMatchRequest match = new HttpMatchRequest();
    match.headers = new LinkedHashMap<>(Map.of(SessionCookies.COOKIE_HEADER, regex));
    return match;
  }

  private static String escapeRegex(String text) {
    StringBuilder escaped = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (RE2_SPECIAL.indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static <V> Map<String, V> union(Map<String, V> base, Map<String, V> extra) {
    Map<String, V> union = new LinkedHashMap<>();
    if (base != null) {
      union.putAll(base);
    }
    if (extra != null) {
      union.putAll(extra);
    }
    return nullIfEmpty(union);
  }

  private static <V> Map<String, V> nullIfEmpty(Map<String, V> map) {
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }
}
