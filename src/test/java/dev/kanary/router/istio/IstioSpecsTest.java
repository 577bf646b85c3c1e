package dev.kanary.router.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import dev.kanary.router.support.SessionCookies;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the Istio router: match combination, cookies and destination ports. */
class IstioSpecsTest {

  @Test
  void aHeaderSuffixBecomesAnEscapedRegex() {
    HeaderMatch header = new HeaderMatch();
    header.suffix = "(beta).1";

    StringMatch match = MatchConditions.toStringMatch(header);

    assertEquals(".*\\(beta\\)\\.1", match.regex);
    assertNull(match.exact);
  }

  @Test
  void conditionsAndServiceMatchesCombineKeyByKey() {
    HttpMatchRequest condition = new HttpMatchRequest();
    condition.headers = Map.of("x-canary", exact("yes"));
    HttpMatchRequest service = new HttpMatchRequest();
    service.uri = prefix("/api");
    service.headers = Map.of("x-tenant", exact("acme"), "x-canary", exact("no"));

    List<HttpMatchRequest> combined = MatchConditions.combine(List.of(condition), List.of(service));

    assertEquals(1, combined.size());
    assertEquals("/api", combined.get(0).uri.prefix);
    assertEquals("yes", combined.get(0).headers.get("x-canary").exact, "the condition wins");
    assertEquals("acme", combined.get(0).headers.get("x-tenant").exact);
    assertEquals("no", service.headers.get("x-canary").exact, "the inputs are not changed");
  }

  @Test
  void theCanaryCookieCarriesEveryAttributeThatIsSet() {
    SessionAffinity affinity = new SessionAffinity();
    affinity.cookieName = "c";
    affinity.domain = "example.com";
    affinity.partitioned = true;
    affinity.secure = false;

    assertEquals(
        "c=abc; Max-Age=86400; Domain=example.com; Partitioned",
        SessionCookies.canaryCookie("c=abc", affinity));
  }

  @ParameterizedTest(name = "interval {0} -> Max-Age {1}")
  @CsvSource({"2m, 120", "1m30s, 90", "5s, 10", "nonsense, 60", ", 60"})
  void thePrimaryCookieLivesOneAnalysisInterval(String interval, long maxAge) {
    SessionAffinity affinity = new SessionAffinity();
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.interval = interval;

    assertEquals(
        "p=xyz; Max-Age=" + maxAge, SessionCookies.primaryCookie("p=xyz", affinity, analysis));
  }

  @ParameterizedTest(name = "portDiscovery={0} gateways={1} delegation={2} -> port {3}")
  @CsvSource({
    "true, istio-system/public-gateway, false, 9898",
    "true, mesh, false, ",
    "true, , false, ",
    "true, , true, 9898",
    "false, istio-system/public-gateway, false, ",
  })
  void destinationsNameThePortOnlyForGatewaysOrDelegatesWithPortDiscovery(
      boolean portDiscovery, String gateway, boolean delegation, Integer port) {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    canary.setSpec(new CanarySpec());
    canary.getSpec().targetRef = new dev.kanary.api.v1beta1.spec.TargetReference();
    canary.getSpec().targetRef.name = "podinfo";
    canary.getSpec().service = new dev.kanary.api.v1beta1.spec.CanaryService();
    canary.getSpec().service.port = 9898;
    canary.getSpec().service.portDiscovery = portDiscovery;
    canary.getSpec().service.delegation = delegation;
    canary.getSpec().service.gateways = gateway == null ? null : List.of(gateway);

    VirtualServiceSpec spec = IstioSpecs.virtualService(canary, 100, 0, false);

    PortSelector selector = spec.http.get(0).route.get(0).destination.port;
    assertEquals(port, selector == null ? null : selector.number);
  }

  private static StringMatch exact(String value) {
    StringMatch match = new StringMatch();
    match.exact = value;
    return match;
  }

  private static StringMatch prefix(String value) {
    StringMatch match = new StringMatch();
    match.prefix = value;
    return match;
  }
}
