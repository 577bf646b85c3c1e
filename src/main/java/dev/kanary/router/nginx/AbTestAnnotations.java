package dev.kanary.router.nginx;

import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.router.RoutingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Turns the header conditions of an A/B test into the NGINX canary annotations without their
 * prefix: {@code canary-by-header} with {@code canary-by-header-value} (exact) or {@code
 * canary-by-header-pattern} (regex, or prefix and suffix turned into a regex), and {@code
 * canary-by-cookie} for a {@code cookie} header.
 *
 * <p>NGINX routes by one header and one cookie at most, so the first header and the first cookie
 * condition found in {@code analysis.match} are used and any other condition is ignored with a
 * warning; query parameters and source labels cannot be expressed and are ignored too. NGINX sends
 * a request to the canary when the named cookie has the value {@code always}, so only the cookie's
 * name is taken from the condition: an exact value without {@code =} is the name itself (Flagger's
 * convention, {@code exact: canary}), otherwise the name is what precedes the first {@code =}, as
 * {@code type} in {@code exact: type=insider} or {@code regex: ^(.*?;)?(type=insider)(;.*)?$}.
 */
final class AbTestAnnotations {

  /** Annotation naming the header that routes to the canary. */
  static final String BY_HEADER = "canary-by-header";

  /** Annotation with the exact header value that routes to the canary. */
  static final String BY_HEADER_VALUE = "canary-by-header-value";

  /** Annotation with the header pattern that routes to the canary. */
  static final String BY_HEADER_PATTERN = "canary-by-header-pattern";

  /** Annotation naming the cookie that routes to the canary. */
  static final String BY_COOKIE = "canary-by-cookie";

  /** Every A/B annotation, removed when the test is not running. */
  static final List<String> ALL = List.of(BY_HEADER, BY_HEADER_VALUE, BY_HEADER_PATTERN, BY_COOKIE);

  private static final Logger LOG = Logger.getLogger(AbTestAnnotations.class);
  private static final String COOKIE = "cookie";
  private static final Pattern COOKIE_NAME = Pattern.compile("([A-Za-z0-9!#$%&'*+.^_`|~-]+)=");
  private static final String REGEX_METACHARACTERS = "\\.^$|?*+()[]{}";

  private AbTestAnnotations() {}

  /**
   * The A/B annotations, without prefix, for the match conditions of an analysis.
   *
   * @param match the conditions, not empty
   * @param object the canary Ingress as {@code name.namespace}, for messages
   * @return the annotations, in a stable order
   * @throws RoutingException when a cookie condition names no cookie, or no condition is on a
   *     header
   */
  static Map<String, String> of(List<AnalysisMatch> match, String object) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (AnalysisMatch conditions : match) {
      if (conditions.headers == null) {
        continue;
      }
      conditions.headers.forEach(
          (header, condition) -> add(annotations, header, condition, object));
    }
    if (annotations.isEmpty()) {
      throw new RoutingException(
          String.format(
              "Ingress %s cannot route the A/B test: analysis.match has no header or cookie"
                  + " condition",
              object));
    }
    return annotations;
  }

  private static void add(
      Map<String, String> annotations, String header, HeaderMatch condition, String object) {
    boolean cookie = COOKIE.equalsIgnoreCase(header);
    if (annotations.containsKey(cookie ? BY_COOKIE : BY_HEADER)) {
      LOG.warnf(
          "Ingress %s routes by one %s only; the condition on %s is ignored",
          object, cookie ? "cookie" : "header", header);
      return;
    }
    if (cookie) {
      annotations.put(BY_COOKIE, cookieName(condition, object));
      return;
    }
    annotations.put(BY_HEADER, header);
    if (condition.exact != null) {
      annotations.put(BY_HEADER_VALUE, condition.exact);
    } else {
      annotations.put(BY_HEADER_PATTERN, pattern(condition));
    }
  }

  private static String pattern(HeaderMatch condition) {
    if (condition.prefix != null) {
      return "^" + quote(condition.prefix) + ".*";
    }
    if (condition.suffix != null) {
      return ".*" + quote(condition.suffix) + "$";
    }
    return condition.regex;
  }

  private static String cookieName(HeaderMatch condition, String object) {
    if (condition.exact != null && condition.exact.indexOf('=') < 0) {
      return condition.exact;
    }
    String value =
        firstNonNull(condition.exact, condition.prefix, condition.suffix, condition.regex);
    Matcher name = COOKIE_NAME.matcher(value == null ? "" : value);
    if (!name.find()) {
      throw new RoutingException(
          String.format(
              "Ingress %s cannot route by cookie: the cookie condition %s names no cookie"
                  + " (expected name=value)",
              object, value));
    }
    return name.group(1);
  }

  private static String firstNonNull(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String quote(String literal) {
    StringBuilder quoted = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if (REGEX_METACHARACTERS.indexOf(c) >= 0) {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.toString();
  }
}
