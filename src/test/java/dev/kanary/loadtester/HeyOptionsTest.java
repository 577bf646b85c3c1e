package dev.kanary.loadtester;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parses hey's options with hey's defaults and checks. */
class HeyOptionsTest {

  private static HeyOptions parse(String command) {
    CommandLine line = CommandLine.parse(command);
    assertTrue(HeyOptions.isHey(line), command);
    return HeyOptions.parse(line.words().subList(1, line.words().size()));
  }

  @Test
  void defaultsAreHeys() {
    HeyOptions options = parse("hey http://podinfo-canary.test:9898/");
    assertEquals(URI.create("http://podinfo-canary.test:9898/"), options.url());
    assertEquals(Optional.empty(), options.duration());
    assertEquals(200, options.requests());
    assertEquals(50, options.workers());
    assertEquals(4, options.requestsPerWorker());
    assertEquals(0.0, options.ratePerWorker());
    assertEquals("GET", options.method());
    assertEquals(Duration.ofSeconds(20), options.timeout());
    assertEquals(
        List.of(Map.entry("Content-Type", "text/html"), Map.entry("User-Agent", "hey/0.0.1")),
        options.headers());
    assertEquals(0, options.body().length);
    assertEquals(Optional.empty(), options.host());
    assertFalse(options.disableKeepAlive());
    assertFalse(options.disableRedirects());
    assertFalse(options.http2());
    assertEquals(Optional.empty(), options.proxy());
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of(
            "hey -z 1m -q 10 -c 2 http://x/",
            "duration=PT1M requests=200 workers=2 rate=10.0 perWorker=" + Long.MAX_VALUE),
        Arguments.of(
            "hey -n 30 -c 3 http://x/", "duration=- requests=30 workers=3 rate=0.0 perWorker=10"),
        Arguments.of(
            "hey -n 31 -c 3 http://x/", "duration=- requests=31 workers=3 rate=0.0 perWorker=10"),
        Arguments.of(
            "hey -z=1m30s -c=4 -q=2.5 http://x/",
            "duration=PT1M30S requests=200 workers=4 rate=2.5 perWorker=" + Long.MAX_VALUE),
        Arguments.of(
            "hey --z 500ms --n 1 --c 1 http://x/",
            "duration=PT0.5S requests=1 workers=1 rate=0.0 perWorker=" + Long.MAX_VALUE),
        Arguments.of(
            "hey -z 0s -n 10 -c 5 http://x/",
            "duration=- requests=10 workers=5 rate=0.0 perWorker=2"),
        Arguments.of(
            "hey http://x/ -n 4 -c 2", "duration=- requests=4 workers=2 rate=0.0 perWorker=2"),
        Arguments.of(
            "/usr/local/bin/hey -n 8 -c 8 http://x/",
            "duration=- requests=8 workers=8 rate=0.0 perWorker=1"));
  }

  @ParameterizedTest
  @MethodSource("options")
  void loadShape(String command, String expected) {
    HeyOptions o = parse(command);
    String actual =
        "duration="
            + o.duration().map(Duration::toString).orElse("-")
            + " requests="
            + o.requests()
            + " workers="
            + o.workers()
            + " rate="
            + o.ratePerWorker()
            + " perWorker="
            + o.requestsPerWorker();
    assertEquals(expected, actual);
  }

  @Test
  void requestShape() {
    HeyOptions o =
        parse(
            "hey -m post -H 'Cookie: type=insider' -H 'X-Trace:  on' -A application/json"
                + " -d '{\"a\":1}' -T application/json -t 5 -host app.example.com"
                + " -disable-keepalive -disable-redirects -h2 -x 10.0.0.1:3128 -U probe"
                + " http://frontend-canary.prod:9898/api");
    assertEquals("POST", o.method());
    assertEquals(
        List.of(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "probe"),
            Map.entry("Accept", "application/json"),
            Map.entry("Cookie", "type=insider"),
            Map.entry("X-Trace", "on")),
        o.headers());
    assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), o.body());
    assertEquals(Duration.ofSeconds(5), o.timeout());
    assertEquals(Optional.of("app.example.com"), o.host());
    assertTrue(o.disableKeepAlive());
    assertTrue(o.disableRedirects());
    assertTrue(o.http2());
    assertEquals(Optional.of(InetSocketAddress.createUnresolved("10.0.0.1", 3128)), o.proxy());
  }

  @Test
  void aHostHeaderGivenWithDashHActsLikeDashHost() {
    HeyOptions o = parse("hey -H 'Host: app.example.com' -H 'X-A: 1' http://x/");
    assertEquals(Optional.of("app.example.com"), o.host());
    assertFalse(o.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("host")));
    assertEquals(
        Optional.of("b.example.com"),
        parse("hey -host b.example.com -H 'Host: a' http://x/").host());
  }

  @Test
  void userInfoBecomesBasicAuthenticationAndLeavesTheUrl() {
    HeyOptions o = parse("hey -n 1 -c 1 http://user:s3cret@podinfo.test:9898/path");
    assertEquals(URI.create("http://podinfo.test:9898/path"), o.url());
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("user:s3cret".getBytes(StandardCharsets.UTF_8));
    assertTrue(o.headers().contains(Map.entry("Authorization", expected)), o.headers().toString());
    assertFalse(o.describe().contains("s3cret"), o.describe());
  }

  @Test
  void describeNamesNoHeaderValueAndNoQuery() {
    HeyOptions o =
        parse("hey -z 2s -q 50 -c 2 -H 'Authorization: Bearer abc' 'http://x:1/p?token=t'");
    assertEquals("GET http://x:1/p for 2s with 2 workers at 50.0 qps each", o.describe());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("hey", "no URL given"),
        Arguments.of("hey http://a/ http://b/", "more than one URL given"),
        Arguments.of("hey -n 1 -c 2 http://x/", "-n cannot be less than -c."),
        Arguments.of("hey -c 0 http://x/", "-n and -c cannot be smaller than 1."),
        Arguments.of("hey -z forever http://x/", "invalid value \"forever\" for flag -z"),
        Arguments.of("hey -q fast http://x/", "invalid value \"fast\" for flag -q"),
        Arguments.of("hey -m 'GE T' http://x/", "invalid value \"GE T\" for flag -m"),
        Arguments.of(
            "hey -H nocolon http://x/", "could not parse the provided input; input = nocolon"),
        Arguments.of("hey -bogus 1 http://x/", "flag provided but not defined: -bogus"),
        Arguments.of("hey -o json http://x/", "invalid output type: json"),
        Arguments.of("hey http://x/ -z", "flag needs an argument: -z"),
        Arguments.of("hey ftp://x/", "not an http(s) URL: ftp://x/"),
        Arguments.of("hey http://u:p@/x", "not an http(s) URL: http://***@/x"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejects(String command, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(command));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void onlySimpleHeyCommandsRunInProcess() {
    assertFalse(HeyOptions.isHey(CommandLine.parse("hey http://x/ && curl http://y/")));
    assertFalse(HeyOptions.isHey(CommandLine.parse("heyo http://x/")));
    assertFalse(HeyOptions.isHey(CommandLine.parse("curl http://x/")));
    assertFalse(HeyOptions.isHey(CommandLine.parse("")));
  }
}
