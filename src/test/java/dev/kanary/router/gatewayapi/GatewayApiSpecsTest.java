package dev.kanary.router.gatewayapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.HeaderMatch;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.HttpRewrite;
import dev.kanary.api.v1beta1.spec.istio.StringMatch;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Match;
import dev.kanary.router.gatewayapi.HttpRouteSpec.Rule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTPRoute specs built for canaries, without a cluster. */
class GatewayApiSpecsTest {

  private MockCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void abConditionsAreCombinedWithEachServiceMatch() {
    Canary canary = cluster.canary("weighted.yaml");
    canary.getSpec().service.match = List.of(uriPrefix("/api"), uriPrefix("/web"));
    AnalysisMatch insider = new AnalysisMatch();
    insider.headers = new LinkedHashMap<>();
    insider.headers.put("x-canary", header(null, "insider"));
    insider.queryParams = Map.of("beta", exact("1"));
    AnalysisMatch mobile = new AnalysisMatch();
    mobile.headers = Map.of("user-agent", header("Mobile", null));
    canary.getSpec().analysis.match = List.of(insider, mobile);

    List<Rule> rules = GatewayApiSpecs.httpRoute(canary, 60, 40, false).rules;

    assertEquals(2, rules.size());
    List<Match> abMatches = rules.get(0).matches;
    assertEquals(4, abMatches.size(), "two conditions times two service matches");
    assertEquals("/api", abMatches.get(0).path.value);
    assertEquals("^insider.*", abMatches.get(0).headers.get(0).value);
    assertEquals("Exact", abMatches.get(0).queryParams.get(0).type);
    assertEquals("/web", abMatches.get(3).path.value);
    assertEquals(".*Mobile$", abMatches.get(3).headers.get(0).value);
    assertEquals(40, rules.get(0).backendRefs.get(1).weight);
    assertEquals(1, rules.get(1).backendRefs.size(), "the rest goes to the primary alone");
    assertEquals(2, rules.get(1).matches.size());
  }

  @Test
  void aRewriteWithoutTypeReplacesTheFullPath() {
    Canary canary = cluster.canary("weighted.yaml");
    canary.getSpec().service.rewrite = new HttpRewrite();
    canary.getSpec().service.rewrite.uri = "/v2";

    Rule rule = GatewayApiSpecs.httpRoute(canary, 100, 0, false).rules.get(0);

    assertEquals("URLRewrite", rule.filters.get(0).type);
    assertEquals("ReplaceFullPath", rule.filters.get(0).urlRewrite.path.type);
    assertEquals("/v2", rule.filters.get(0).urlRewrite.path.replaceFullPath);
    assertNull(rule.filters.get(0).urlRewrite.hostname);
  }

  @Test
  void mirroringWithoutMirrorWeightCopiesEveryRequest() {
    Canary canary = cluster.canary("weighted.yaml");

    Rule rule = GatewayApiSpecs.httpRoute(canary, 100, 0, true).rules.get(0);

    assertEquals("RequestMirror", rule.filters.get(0).type);
    assertEquals("podinfo-canary", rule.filters.get(0).requestMirror.backendRef.name);
    assertEquals(9898, rule.filters.get(0).requestMirror.backendRef.port);
    assertNull(rule.filters.get(0).requestMirror.percent);
  }

  private static HttpMatchRequest uriPrefix(String prefix) {
    HttpMatchRequest match = new HttpMatchRequest();
    match.uri = new StringMatch();
    match.uri.prefix = prefix;
    return match;
  }

  private static StringMatch exact(String value) {
    StringMatch match = new StringMatch();
    match.exact = value;
    return match;
  }

  private static HeaderMatch header(String suffix, String prefix) {
    HeaderMatch match = new HeaderMatch();
    match.suffix = suffix;
    match.prefix = prefix;
    return match;
  }
}
