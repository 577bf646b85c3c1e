package dev.kanary.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.router.RoutingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How A/B conditions become NGINX canary annotations. */
class AbTestAnnotationsTest {

  private static final String OBJECT = "podinfo-canary.test";

  @Test
  void aHeaderPrefixBecomesAnEscapedPattern() {
    assertEquals(
        Map.of("canary-by-header", "x-version", "canary-by-header-pattern", "^v2\\.1.*"),
        AbTestAnnotations.of(List.of(match("x-version", prefix("v2.1"))), OBJECT));
  }

  @Test
  void aHeaderSuffixBecomesAnEscapedPattern() {
    assertEquals(
        Map.of("canary-by-header", "x-user", "canary-by-header-pattern", ".*@example\\.com$"),
        AbTestAnnotations.of(List.of(match("x-user", suffix("@example.com"))), OBJECT));
  }

  @Test
  void anExactCookieWithoutValueIsTheCookieName() {
    HeaderMatch exact = new HeaderMatch();
    exact.exact = "canary";
    assertEquals(
        Map.of("canary-by-cookie", "canary"),
        AbTestAnnotations.of(List.of(match("Cookie", exact)), OBJECT));
  }

  @Test
  void anExactCookieWithValueIsNamedByWhatPrecedesTheEqualsSign() {
    HeaderMatch exact = new HeaderMatch();
    exact.exact = "type=insider";
    assertEquals(
        Map.of("canary-by-cookie", "type"),
        AbTestAnnotations.of(List.of(match("cookie", exact)), OBJECT));
  }

  @Test
  void theFirstHeaderAndTheFirstCookieAreUsed() {
    HeaderMatch exact = new HeaderMatch();
    exact.exact = "insider";
    HeaderMatch cookie = new HeaderMatch();
    cookie.regex = "^(.*?;)?(canary=always)(;.*)?$";
    Map<String, String> annotations =
        AbTestAnnotations.of(
            List.of(
                match("x-canary", exact), match("x-other", prefix("a")), match("cookie", cookie)),
            OBJECT);
    assertEquals(
        Map.of(
            "canary-by-header", "x-canary",
            "canary-by-header-value", "insider",
            "canary-by-cookie", "canary"),
        annotations);
  }

  @Test
  void aCookieRegexNamingNoCookieIsRefused() {
    HeaderMatch regex = new HeaderMatch();
    regex.regex = ".*insider.*";
    RoutingException e =
        assertThrows(
            RoutingException.class,
            () -> AbTestAnnotations.of(List.of(match("cookie", regex)), OBJECT));
    assertEquals(
        "Ingress podinfo-canary.test cannot route by cookie: the cookie condition .*insider.*"
            + " names no cookie (expected name=value)",
        e.getMessage());
  }

  @Test
  void conditionsWithoutHeadersAreRefused() {
    AnalysisMatch query = new AnalysisMatch();
    query.sourceLabels = Map.of("app", "tester");
    RoutingException e =
        assertThrows(RoutingException.class, () -> AbTestAnnotations.of(List.of(query), OBJECT));
    assertEquals(
        "Ingress podinfo-canary.test cannot route the A/B test: analysis.match has no header or"
            + " cookie condition",
        e.getMessage());
  }

  private static AnalysisMatch match(String header, HeaderMatch condition) {
    AnalysisMatch match = new AnalysisMatch();
    match.headers = new LinkedHashMap<>(Map.of(header, condition));
    return match;
  }

  private static HeaderMatch prefix(String value) {
    HeaderMatch match = new HeaderMatch();
    match.prefix = value;
    return match;
  }

  private static HeaderMatch suffix(String value) {
    HeaderMatch match = new HeaderMatch();
    match.suffix = value;
    return match;
  }
}
