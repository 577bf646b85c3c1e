package dev.kanary.loadtester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sends hey-shaped load to a local server and counts what arrives. */
class LoadGeneratorTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
    scheduler.shutdownNow();
  }

  private LoadReport run(String command, LoadListener listener) throws Exception {
    CommandLine line = CommandLine.parse(command);
    HeyOptions options = HeyOptions.parse(line.words().subList(1, line.words().size()));
    return new LoadGenerator(scheduler).start(options, listener).result().get(60, TimeUnit.SECONDS);
  }

  @Test
  void sendsExactlyTheRequestCountSplitOverWorkers() throws Exception {
    server.answer(503);
    Map<Integer, AtomicLong> seen = new ConcurrentHashMap<>();
    LoadReport report =
        run(
            "hey -n 31 -c 3 " + server.url("/count"),
            new LoadListener() {
              @Override
              public void response(int status, Duration latency) {
                seen.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
              }

              @Override
              public void error(Throwable cause, Duration latency) {
                seen.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
              }
            });
    assertEquals(30, server.received().size());
    assertEquals(30, report.requests());
    assertEquals(Map.of(503, 30L), report.statusCodes());
    assertEquals(0, report.errors());
    assertEquals(30L, seen.get(503).get());
    assertEquals(1, seen.size());
    assertTrue(report.p50().compareTo(report.p90()) <= 0);
    assertTrue(report.p90().compareTo(report.p99()) <= 0);
    assertTrue(report.p99().compareTo(Duration.ZERO) > 0);
  }

  @Test
  void sendsTheMethodHeadersAndBody() throws Exception {
    run(
        "hey -n 2 -c 1 -m PUT -H 'Cookie: type=insider' -H 'X-Canary: yes' -d 'hello load'"
            + " -T application/json "
            + server.url("/api?x=1"),
        LoadListener.NONE);
    List<RecordingServer.Received> received = server.received();
    assertEquals(2, received.size());
    for (RecordingServer.Received request : received) {
      assertEquals("PUT", request.method());
      assertEquals("/api?x=1", request.uri());
      assertEquals("type=insider", request.header("Cookie"));
      assertEquals("yes", request.header("X-canary"));
      assertEquals("application/json", request.header("Content-type"));
      assertEquals("hello load", request.body());
    }
  }

  @Test
  void sendsTheHostHeaderWhetherOrNotTheJdkAllowsIt() throws Exception {
    run("hey -n 2 -c 1 -host app.example.com " + server.url("/"), LoadListener.NONE);
    for (RecordingServer.Received request : server.received()) {
      assertEquals("app.example.com", request.header("Host"));
    }
    assertEquals(2, server.received().size());
  }

  /**
   * The JDK decides once per JVM, when its HTTP client is first used, whether {@code Connection}
   * may be sent: the load generator asks for it when it loads, but other code of the same JVM (an
   * earlier test, the operator) may have used the client first. Either way the outcome is exact.
   */
  @Test
  void asksTheServerToCloseConnectionsWhenTheJdkAllowsIt() throws Exception {
    run("hey -n 2 -c 1 -disable-keepalive " + server.url("/"), LoadListener.NONE);
    String expected = LoadGenerator.headerAllowed("Connection") ? "close" : null;
    for (RecordingServer.Received request : server.received()) {
      assertEquals(expected, request.header("Connection"));
    }
    assertEquals(2, server.received().size());
  }

  @Test
  void sendsTheHostInTheRequestTargetWhenTheJvmRefusesTheHostHeader() throws Exception {
    CommandLine line =
        CommandLine.parse("hey -n 2 -c 1 -host app.example.com " + server.url("/p?q=1"));
    HeyOptions options =
        LoadGenerator.hostInRequestTarget(
            HeyOptions.parse(line.words().subList(1, line.words().size())));
    assertEquals(URI.create("http://app.example.com/p?q=1"), options.url());
    assertEquals(Optional.empty(), options.host());
    LoadReport report =
        new LoadGenerator(scheduler)
            .start(options, LoadListener.NONE)
            .result()
            .get(60, TimeUnit.SECONDS);
    assertEquals(Map.of(200, 2L), report.statusCodes());
    for (RecordingServer.Received request : server.received()) {
      assertEquals("app.example.com", request.header("Host"));
      assertEquals("/p?q=1", request.uri().replace("http://app.example.com", ""));
    }
    assertEquals(2, server.received().size());
  }

  @Test
  void keepsTheUrlWhenTheHostCannotMoveIntoTheRequestTarget() {
    for (String command :
        List.of(
            "hey -host a.example.com https://127.0.0.1/",
            "hey -host a.example.com -x 10.0.0.1:3128 http://127.0.0.1/",
            "hey http://127.0.0.1/")) {
      CommandLine line = CommandLine.parse(command);
      HeyOptions options = HeyOptions.parse(line.words().subList(1, line.words().size()));
      assertEquals(options, LoadGenerator.hostInRequestTarget(options), command);
    }
  }

  @Test
  void aHeaderTheJdkRefusesIsLeftOutAndTheRestIsSent() throws Exception {
    LoadReport report =
        run(
            "hey -n 1 -c 1 -H 'Expect: 100-continue' -H 'X-B: 2' " + server.url("/"),
            LoadListener.NONE);
    assertEquals(Map.of(200, 1L), report.statusCodes());
    assertEquals("2", server.received().get(0).header("X-B"));
  }

  @Test
  void countsRequestsThatGetNoAnswerAsErrors() throws Exception {
    String url = server.url("/");
    server.close();
    LoadReport report = run("hey -n 4 -c 2 -t 2 " + url, LoadListener.NONE);
    assertEquals(4, report.requests());
    assertEquals(4, report.errors());
    assertEquals(Map.of(), report.statusCodes());
  }

  @Test
  void goesThroughTheJvmsDefaultProxy() throws Exception {
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(ProxySelector.of(server.address()));
    try {
      LoadReport report =
          run("hey -n 3 -c 1 http://backend-canary.prod:9898/status", LoadListener.NONE);
      assertEquals(Map.of(200, 3L), report.statusCodes());
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertEquals(3, server.received().size());
    for (RecordingServer.Received request : server.received()) {
      assertEquals("http://backend-canary.prod:9898/status", request.uri());
      assertEquals("backend-canary.prod:9898", request.header("Host"));
    }
  }

  @Test
  void stoppingCompletesTheResultAtOnce() throws Exception {
    CommandLine line = CommandLine.parse("hey -z 1h -q 1 -c 1 " + server.url("/"));
    HeyOptions options = HeyOptions.parse(line.words().subList(1, line.words().size()));
    LoadGenerator.LoadRun run = new LoadGenerator(scheduler).start(options, LoadListener.NONE);
    run.stop();
    LoadReport report = run.result().get(10, TimeUnit.SECONDS);
    assertTrue(report.interrupted());
  }
}
