package dev.kanary.router.gatewayapi;

import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Match;
import dev.kanary.router.gatewayapi.HttpRouteSpec.PathMatch;
import dev.kanary.router.gatewayapi.HttpRouteSpec.ValueMatch;
import dev.kanary.router.support.SessionCookies;
import dev.kanary.router.support.SpecJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates a Canary's Istio-style matches to HTTPRoute matches and combines the A/B and cookie
 * conditions with them.
 */
final class RouteMatches {

  /** Gateway API's exact match type. */
  static final String EXACT = "Exact";

  /** Gateway API's regular expression match type. */
  static final String REGULAR_EXPRESSION = "RegularExpression";

  private static final String PATH_PREFIX = "PathPrefix";
  private static final String RE2_SPECIAL = "\\.+*?()|[]{}^$";

  private RouteMatches() {}

  /**
   * The matches of the service: one per {@code service.match} entry, or the path prefix {@code /}
   * when there is none.
   *
   * @param serviceMatch {@code spec.service.match}, or null
   * @return the HTTPRoute matches
   */
  static List<Match> ofService(List<HttpMatchRequest> serviceMatch) {
    if (serviceMatch == null || serviceMatch.isEmpty()) {
      Match all = new Match();
      all.path = new PathMatch(PATH_PREFIX, "/");
      return List.of(all);
    }
    return serviceMatch.stream().map(RouteMatches::toMatch).toList();
  }

  /**
   * Combines conditions with the service's matches: one match per pair, holding the service match's
   * fields plus the condition's headers and query parameters (the condition's entry wins when both
   * name the same key).
   *
   * @param conditions the extra conditions (A/B matches or a cookie match)
   * @param serviceMatches the service's HTTPRoute matches
   * @return the combined matches (copies; the inputs are not changed)
   */
  static List<Match> combine(List<Match> conditions, List<Match> serviceMatches) {
    List<Match> combined = new ArrayList<>();
    for (Match condition : conditions) {
      for (Match base : serviceMatches) {
        Match match = SpecJson.copy(base);
        match.headers = union(match.headers, condition.headers);
        match.queryParams = union(match.queryParams, condition.queryParams);
        combined.add(match);
      }
    }
    return combined;
  }

  /**
   * Translates a Canary's A/B matches; source labels have no Gateway API equivalent and are left
   * out.
   *
   * @param matches {@code analysis.match}
   * @return one match per entry, with its headers and query parameters
   */
  static List<Match> fromAnalysis(List<AnalysisMatch> matches) {
    List<Match> conditions = new ArrayList<>();
    for (AnalysisMatch analysisMatch : matches) {
      Match match = new Match();
      if (analysisMatch.headers != null && !analysisMatch.headers.isEmpty()) {
        match.headers = new ArrayList<>();
        for (Map.Entry<String, HeaderMatch> header : analysisMatch.headers.entrySet()) {
          match.headers.add(header(header.getKey(), header.getValue()));
        }
      }
      match.queryParams = values(analysisMatch.queryParams);
      conditions.add(match);
    }
    return conditions;
  }

  /**
   * A match on the {@code Cookie} header that holds a session-affinity cookie.
   *
   * @param cookie the cookie as {@code name=value}
   * @return a match with the regular expression {@code .*name.*value.*}
   */
  static Match cookie(String cookie) {
    int equals = cookie.indexOf('=');
    String name = equals < 0 ? cookie : cookie.substring(0, equals);
    String value = equals < 0 ? "" : cookie.substring(equals + 1);
    Match match = new Match();
    match.headers =
        List.of(
            new ValueMatch(
                REGULAR_EXPRESSION,
                SessionCookies.COOKIE_HEADER,
                ".*" + name + ".*" + value + ".*"));
    return match;
  }

  private static Match toMatch(HttpMatchRequest request) {
    Match match = new Match();
    if (request.uri != null) {
      if (request.uri.exact != null) {
        match.path = new PathMatch(EXACT, request.uri.exact);
      } else if (request.uri.regex != null) {
        match.path = new PathMatch(REGULAR_EXPRESSION, request.uri.regex);
      } else if (request.uri.prefix != null) {
        match.path = new PathMatch(PATH_PREFIX, request.uri.prefix);
      }
    }
    if (match.path == null) {
      match.path = new PathMatch(PATH_PREFIX, "/");
    }
    match.headers = values(request.headers);
    match.queryParams = values(request.queryParams);
    if (request.method != null) {
      match.method = request.method.exact != null ? request.method.exact : request.method.prefix;
    }
    return match;
  }

  private static List<ValueMatch> values(Map<String, StringMatch> matches) {
    if (matches == null || matches.isEmpty()) {
      return null;
    }
    List<ValueMatch> values = new ArrayList<>();
    matches.forEach((name, match) -> values.add(value(name, match)));
    return values;
  }

  private static ValueMatch value(String name, StringMatch match) {
    if (match.regex != null) {
      return new ValueMatch(REGULAR_EXPRESSION, name, match.regex);
    }
    if (match.prefix != null) {
      return new ValueMatch(REGULAR_EXPRESSION, name, "^" + escapeRegex(match.prefix) + ".*");
    }
    return new ValueMatch(EXACT, name, match.exact == null ? "" : match.exact);
  }

  private static ValueMatch header(String name, HeaderMatch match) {
    if (match.suffix != null && match.regex == null) {
      return new ValueMatch(REGULAR_EXPRESSION, name, ".*" + escapeRegex(match.suffix) + "$");
    }
    StringMatch string = new StringMatch();
    string.exact = match.exact;
    string.prefix = match.prefix;
    string.regex = match.regex;
    return value(name, string);
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

  /** The base entries, each replaced by the extra entry of the same name, then the other extras. */
  private static List<ValueMatch> union(List<ValueMatch> base, List<ValueMatch> extra) {
    List<ValueMatch> union = new ArrayList<>();
    if (base != null) {
      for (ValueMatch entry : base) {
        if (extra == null || extra.stream().noneMatch(e -> e.name.equalsIgnoreCase(entry.name))) {
          union.add(SpecJson.copy(entry));
        }
      }
    }
    if (extra != null) {
      extra.forEach(entry -> union.add(SpecJson.copy(entry)));
    }
    return union.isEmpty() ? null : union;
  }
}
