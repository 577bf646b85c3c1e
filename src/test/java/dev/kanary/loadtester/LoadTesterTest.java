package dev.kanary.loadtester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flagger's loadtester API served by the plain-Java core, without a socket. */
class LoadTesterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingServer server = new RecordingServer();
  private LoadTester tester = LoadTester.builder().meterRegistry(registry).build();

  @AfterEach
  void stop() {
    tester.close();
    server.close();
  }

  private static byte[] payload(String name, String namespace, Map<String, String> metadata) {
    try {
      return JSON.writeValueAsBytes(
          Map.of(
              "name", name, "namespace", namespace, "phase", "Progressing", "metadata", metadata));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Response post(String path, byte[] body) {
    return tester.handle("POST", path, body);
  }

  private Response task(String name, String namespace, Map<String, String> metadata) {
    return post("/", payload(name, namespace, metadata));
  }

  /**
   * The acceptance run. A short run first warms the JIT and the connection pool, so that the
   * measured run is not slowed by the JVM's first requests on a busy machine.
   */
  @Test
  void heyTaskSendsTheRequestedVolumeAtTheRequestedRate() {
    Map<String, String> warmUp =
        Map.of("type", "bash", "cmd", "hey -n 40 -c 2 " + server.url("/warm"));
    assertEquals(200, task("warm", "test", warmUp).status());
    String command =
        "hey -z 2s -q 50 -c 2 -m POST -H 'Cookie: type=insider' -d 'ping' -T text/plain "
            + server.url("/load");
    Response response = task("podinfo", "test", Map.of("type", "cmd", "cmd", command));
    assertEquals(202, response.status());
    await().atMost(Duration.ofSeconds(30)).until(() -> tester.runningTasks().isEmpty());

    List<RecordingServer.Received> received =
        server.received().stream().filter(r -> r.uri().equals("/load")).toList();
    int expected = 2 * 50 * 2;
    assertTrue(
        received.size() >= expected * 0.9 && received.size() <= expected * 1.1,
        "received " + received.size() + " requests, expected about " + expected);
    for (RecordingServer.Received request : received) {
      assertEquals("POST", request.method());
      assertEquals("type=insider", request.header("Cookie"));
      assertEquals("text/plain", request.header("Content-type"));
      assertEquals("ping", request.body());
    }
    double counted =
        registry
            .get("kanary.loadtester.requests")
            .tags("canary", "podinfo", "namespace", "test", "code", "200")
            .counter()
            .count();
    assertEquals(received.size(), (int) counted);
    assertEquals(
        received.size(),
        registry
            .get("kanary.loadtester.request.duration")
            .tags("canary", "podinfo", "namespace", "test")
            .timer()
            .count());
  }

  @Test
  void aDuplicateTaskIsNotStartedWhileTheFirstRuns() {
    String command = "hey -z 1s -q 20 -c 1 " + server.url("/dup");
    Map<String, String> metadata = Map.of("cmd", command);
    assertEquals(202, task("podinfo", "test", metadata).status());
    assertEquals(202, task("podinfo", "test", metadata).status());
    assertEquals(List.of("podinfo.test\n" + command), List.copyOf(tester.runningTasks()));
    await().atMost(Duration.ofSeconds(30)).until(() -> tester.runningTasks().isEmpty());
    assertTrue(server.received().size() <= 22, "received " + server.received().size());
    assertEquals(
        1.0,
        registry
            .get("kanary.loadtester.tasks")
            .tags("type", "hey", "result", "skipped")
            .counter()
            .count());
    assertEquals(
        1.0,
        registry
            .get("kanary.loadtester.tasks")
            .tags("type", "hey", "result", "succeeded")
            .counter()
            .count());
  }

  @Test
  void theSameCommandRunsForAnotherCanary() {
    String command = "hey -z 1s -q 5 -c 1 " + server.url("/");
    task("a", "test", Map.of("cmd", command));
    task("b", "test", Map.of("cmd", command));
    assertEquals(2, tester.runningTasks().size());
    await().atMost(Duration.ofSeconds(30)).until(() -> tester.runningTasks().isEmpty());
  }

  @Test
  void aDuplicateShellCommandIsNotStartedTwice(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("runs");
    Path release = dir.resolve("release");
    String command =
        "echo run >> " + marker + "; while [ ! -f " + release + " ]; do sleep 0.05; done";
    assertEquals(202, task("podinfo", "test", Map.of("cmd", command)).status());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marker));
    assertEquals(202, task("podinfo", "test", Map.of("cmd", command)).status());
    Files.writeString(release, "");
    await().atMost(Duration.ofSeconds(10)).until(() -> tester.runningTasks().isEmpty());
    assertEquals(List.of("run"), Files.readAllLines(marker));
    assertEquals(202, task("podinfo", "test", Map.of("cmd", command)).status());
    await().atMost(Duration.ofSeconds(10)).until(() -> tester.runningTasks().isEmpty());
    assertEquals(List.of("run", "run"), Files.readAllLines(marker));
  }

  @Test
  void theRunIsLoggedOnceNamingTheCanaryWithoutCredentials() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.kanary.loadtester");
    logger.addHandler(handler);
    try {
      String url = server.url("/").replace("http://", "http://user:s3cret@");
      task(
          "podinfo",
          "test",
          Map.of("cmd", "hey -n 4 -c 2 -H 'Authorization: Bearer t0ken' " + url));
      await().atMost(Duration.ofSeconds(30)).until(() -> tester.runningTasks().isEmpty());
    } finally {
      logger.removeHandler(handler);
    }
    List<String> finished =
        records.stream()
            .filter(r -> r.getLevel().intValue() == Level.INFO.intValue())
            .map(LoadTesterTest::message)
            .filter(m -> m.contains("hey finished"))
            .toList();
    assertEquals(1, finished.size(), records.toString());
    String line = finished.get(0);
    assertTrue(line.startsWith("podinfo.test hey finished"), line);
    assertTrue(line.contains("4 requests"), line);
    assertTrue(line.contains("status 200=4"), line);
    assertTrue(line.contains("p50") && line.contains("p90") && line.contains("p99"), line);
    for (LogRecord record : records) {
      assertFalse(message(record).contains("s3cret"), message(record));
      assertFalse(message(record).contains("t0ken"), message(record));
    }
    assertEquals(4, server.received().size());
    assertTrue(server.received().get(0).header("Authorization").startsWith("Bearer "));
  }

  private static String message(LogRecord record) {
    Object[] parameters = record.getParameters();
    String text = record.getMessage();
    return parameters == null || parameters.length == 0 ? text : String.format(text, parameters);
  }

  @Test
  void healthzAnswersOk() {
    Response response = tester.handle("GET", "/healthz", new byte[0]);
    assertEquals(200, response.status());
    assertEquals("OK", response.bodyText());
  }

  @Test
  void metricsAreServedOnlyWithAScrapeFunction() {
    assertEquals(404, tester.handle("GET", "/metrics", new byte[0]).status());
    tester.close();
    tester = LoadTester.builder().metrics(() -> "up 1\n").build();
    Response response = tester.handle("GET", "/metrics", new byte[0]);
    assertEquals(200, response.status());
    assertEquals("up 1\n", response.bodyText());
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("/", "{not json", "decoding the request body failed"),
        Arguments.of("/", "", "decoding the request body failed"),
        Arguments.of("/", "[1,2]", "decoding the request body failed"),
        Arguments.of(
            "/", "{\"name\":\"a\",\"metadata\":{\"cmd\":1}}", "decoding the request body failed"),
        Arguments.of("/gate/check", "{oops", "decoding the request body failed"),
        Arguments.of("/rollback/open", "nope", "decoding the request body failed"),
        Arguments.of("/", "{\"name\":\"a\",\"namespace\":\"b\"}", "metadata not found in payload"),
        Arguments.of(
            "/",
            "{\"name\":\"a\",\"namespace\":\"b\",\"metadata\":{}}",
            "metadata not found in payload"),
        Arguments.of(
            "/",
            "{\"name\":\"a\",\"namespace\":\"b\",\"metadata\":{\"type\":\"cmd\"}}",
            "cmd not found in metadata"),
        Arguments.of(
            "/",
            "{\"name\":\"a\",\"namespace\":\"b\",\"metadata\":{\"type\":\"ngrinder\",\"cmd\":\"x\"}}",
            "unknown task type ngrinder"),
        Arguments.of(
            "/",
            "{\"name\":\"a\",\"namespace\":\"b\",\"metadata\":{\"cmd\":\"hey -n 1 -c 2 http://x/\"}}",
            "invalid hey command: -n cannot be less than -c."),
        Arguments.of(
            "/",
            "{\"name\":\"a\",\"namespace\":\"b\",\"metadata\":{\"cmd\":\"echo 'open\"}}",
            "invalid command: unterminated single quote"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badRequestsAnswer400(String path, String body, String message) {
    Response response = post(path, body.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, response.status());
    assertTrue(response.bodyText().startsWith(message), response.bodyText());
    assertTrue(tester.runningTasks().isEmpty());
  }

  @Test
  void unknownPathsAnswer404() {
    assertEquals(404, post("/gate/other", payload("a", "b", Map.of())).status());
  }

  @Test
  void staticGatesAlwaysApproveOrHalt() {
    assertEquals(200, tester.handle("POST", "/gate/approve", new byte[0]).status());
    Response halt = tester.handle("POST", "/gate/halt", new byte[0]);
    assertEquals(403, halt.status());
    assertEquals("Forbidden", halt.bodyText());
  }

  @Test
  void gatesOpenAndClosePerCanary() {
    byte[] podinfo = payload("podinfo", "test", Map.of());
    byte[] other = payload("podinfo", "prod", Map.of());
    assertEquals(403, post("/gate/check", podinfo).status());
    assertEquals("Forbidden", post("/gate/check", podinfo).bodyText());

    assertEquals(202, post("/gate/open", podinfo).status());
    Response approved = post("/gate/check", podinfo);
    assertEquals(200, approved.status());
    assertEquals("Approved", approved.bodyText());
    assertEquals(403, post("/gate/check", other).status());
    assertEquals(403, post("/rollback/check", podinfo).status());

    assertEquals(202, post("/gate/close", podinfo).status());
    assertEquals(403, post("/gate/check", podinfo).status());
  }

  @Test
  void rollbackGatesOpenAndClosePerCanary() {
    byte[] podinfo = payload("podinfo", "test", Map.of());
    assertEquals(403, post("/rollback/check", podinfo).status());
    assertEquals(202, post("/rollback/open", podinfo).status());
    Response approved = post("/rollback/check", podinfo);
    assertEquals(200, approved.status());
    assertEquals("Approved", approved.bodyText());
    assertEquals(403, post("/gate/check", podinfo).status());
    assertEquals(403, post("/rollback/check", payload("frontend", "test", Map.of())).status());
    assertEquals(202, post("/rollback/close", podinfo).status());
    assertEquals(403, post("/rollback/check", podinfo).status());
  }

  @Test
  void anUnauthorizedNamespaceGets403Everywhere() {
    tester.close();
    tester = LoadTester.builder().namespaceRegexp(Optional.of("^(test|prod)$")).build();
    for (String path :
        List.of(
            "/",
            "/gate/check",
            "/gate/open",
            "/gate/close",
            "/rollback/check",
            "/rollback/open",
            "/rollback/close")) {
      Response refused = post(path, payload("podinfo", "kube-system", Map.of("cmd", "echo hi")));
      assertEquals(403, refused.status(), path);
      assertEquals("Forbidden", refused.bodyText(), path);
    }
    assertTrue(tester.runningTasks().isEmpty());
    assertEquals(202, post("/gate/open", payload("podinfo", "prod", Map.of())).status());
    assertEquals(200, post("/gate/check", payload("podinfo", "prod", Map.of())).status());
  }

  @Test
  void theNamespaceRegexpIsFoundAnywhereLikeGos() {
    tester.close();
    tester = LoadTester.builder().namespaceRegexp(Optional.of("prod")).build();
    assertEquals(202, post("/gate/open", payload("a", "team-prod-eu", Map.of())).status());
    assertEquals(403, post("/gate/open", payload("a", "staging", Map.of())).status());
  }

  @Test
  void bashRunsSynchronouslyAndReturnsItsOutputOnRequest() {
    Response quiet = task("podinfo", "test", Map.of("type", "bash", "cmd", "echo token-$((40+2))"));
    assertEquals(200, quiet.status());
    assertEquals("", quiet.bodyText());
    Response loud =
        task(
            "podinfo",
            "test",
            Map.of("type", "bash", "cmd", "echo token-$((40+2))", "returnCmdOutput", "true"));
    assertEquals(200, loud.status());
    assertEquals("token-42\n", loud.bodyText());
  }

  @Test
  void aFailingBashCommandAnswers500WithItsOutput() {
    Response response =
        task("podinfo", "test", Map.of("type", "bash", "cmd", "echo broken; exit 3"));
    assertEquals(500, response.status());
    assertEquals(" exit status 3 broken\n", response.bodyText());
  }

  @Test
  void aBashHeyCommandRunsInProcessToItsEnd() {
    Response response =
        task(
            "podinfo",
            "test",
            Map.of(
                "type",
                "bash",
                "cmd",
                "hey -n 6 -c 2 " + server.url("/"),
                "returnCmdOutput",
                "true"));
    assertEquals(200, response.status());
    assertEquals(6, server.received().size());
    assertTrue(response.bodyText().startsWith("6 requests in "), response.bodyText());
  }

  @Test
  void aShellCommandIsKilledAtTheTaskTimeout() {
    tester.close();
    tester = LoadTester.builder().timeout(Duration.ofMillis(300)).build();
    Response response =
        task("podinfo", "test", Map.of("type", "bash", "cmd", "echo started; sleep 30"));
    assertEquals(500, response.status());
    assertTrue(response.bodyText().contains("signal: killed"), response.bodyText());
    assertTrue(response.bodyText().contains("started"), response.bodyText());
  }
}
