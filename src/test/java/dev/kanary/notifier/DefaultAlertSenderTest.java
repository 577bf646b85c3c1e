package dev.kanary.notifier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.SecretReference;
import dev.kanary.validation.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Provider lookup, severity filter, global notifier, counting and non-blocking delivery of alerts.
 */
class DefaultAlertSenderTest {

  private static final String HOOK_PATH = "/services/T000/B000/SECRETPART";
  private static final SecretLookup NO_SECRETS = (namespace, name) -> Optional.empty();
  private static final HttpSender HTTP =
      new HttpSender(
          new HttpSender.Settings(
              Duration.ofSeconds(5),
              Duration.ofSeconds(10),
              Duration.ofMillis(10),
              Duration.ofMillis(50)));

  private final Receiver receiver = new Receiver();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    receiver.close();
  }

  static Stream<Arguments> severities() {
    // alert severity, message severity, sent
    return Stream.of(
        Arguments.of("info", Severity.INFO, true),
        Arguments.of("info", Severity.WARN, true),
        Arguments.of("info", Severity.ERROR, true),
        Arguments.of("warn", Severity.INFO, false),
        Arguments.of("warn", Severity.WARN, true),
        Arguments.of("warn", Severity.ERROR, true),
        Arguments.of("error", Severity.INFO, false),
        Arguments.of("error", Severity.WARN, false),
        Arguments.of("error", Severity.ERROR, true),
        Arguments.of("", Severity.INFO, true),
        Arguments.of("", Severity.WARN, true),
        Arguments.of("", Severity.ERROR, true),
        Arguments.of(null, Severity.INFO, true),
        Arguments.of(null, Severity.WARN, true),
        Arguments.of(null, Severity.ERROR, true));
  }

  @ParameterizedTest(name = "alert {0}, message {1}: sent {2}")
  @MethodSource("severities")
  void filtersBySeverity(String alertSeverity, Severity severity, boolean sent) {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), alertSeverity, "chat", null);
    DefaultAlertSender sender =
        sender(Map.of(), Fixtures.lookup(slack("test", "chat")), NO_SECRETS);

    sender.dispatch(canary, severity, "message " + severity, false).join();

    List<Receiver.Request> requests = receiver.requests();
    assertEquals(sent ? 1 : 0, requests.size());
    assertEquals(sent ? 1 : 0, Fixtures.count(registry, "slack", "sent"));
    if (sent) {
      assertEquals("message " + severity, attachment(requests.get(0)).get("text").asText());
    }
  }

  @Test
  void sendsToEveryAlertThatAcceptsTheMessage() {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "error", "pager", null);
    Fixtures.withAlert(canary, "info", "chat", "ops");
    Fixtures.withAlert(canary, "warn", "teams", null);
    DefaultAlertSender sender =
        sender(
            Map.of(),
            Fixtures.lookup(
                slack("test", "pager"),
                slack("ops", "chat"),
                Fixtures.provider("test", "teams", "msteams", receiver.url() + "/teams")),
            NO_SECRETS);

    sender.dispatch(canary, Severity.WARN, "Canary is waiting for approval.", false).join();

    List<String> paths = receiver.requests().stream().map(r -> r.uri().getPath()).sorted().toList();
    assertEquals(List.of(HOOK_PATH, "/teams"), paths);
    assertEquals(1, Fixtures.count(registry, "slack", "sent"));
    assertEquals(1, Fixtures.count(registry, "msteams", "sent"));
  }

  @Test
  void usesTheDeprecatedCanaryAnalysisAlerts() {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "chat", null);
    canary.getSpec().canaryAnalysis = canary.getSpec().analysis;
    canary.getSpec().analysis = null;

    sender(Map.of(), Fixtures.lookup(slack("test", "chat")), NO_SECRETS)
        .dispatch(canary, Severity.INFO, "hello", false)
        .join();

    assertEquals(1, receiver.requests().size());
  }

  @Test
  void readsAddressAndTokenFromTheSecretAndAppliesDefaults() {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "chat", "ops");
    AlertProvider provider = Fixtures.provider("ops", "chat", "slack", null);
    provider.getSpec().secretRef = new SecretReference();
    provider.getSpec().secretRef.name = "slack-hook";
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("slack-hook")
            .withNamespace("ops")
            .endMetadata()
            .withData(Map.of("address", base64(receiver.url() + HOOK_PATH + "\n")))
            .withStringData(Map.of("token", "xoxb-t0ken"))
            .build();
    SecretLookup secrets =
        (namespace, name) ->
            "ops".equals(namespace) && "slack-hook".equals(name)
                ? Optional.of(secret)
                : Optional.empty();

    sender(Map.of("kanary.cluster-name", "prod-eu"), Fixtures.lookup(provider), secrets)
        .dispatch(
            canary, Severity.INFO, "New revision detected, progressing canary analysis.", true)
        .join();

    Receiver.Request request = receiver.requests().get(0);
    assertEquals(HOOK_PATH, request.uri().getPath());
    assertEquals("Bearer xoxb-t0ken", request.header("Authorization"));
    JsonNode payload = request.json();
    assertEquals("general", payload.get("channel").asText());
    assertEquals("flagger", payload.get("username").asText());
    JsonNode attachment = attachment(request);
    assertEquals("podinfo.test", attachment.get("author_name").asText());
    assertEquals(
        List.of(
            "Cluster=prod-eu",
            "Target=Deployment/podinfo.test",
            "Failed checks threshold=1",
            "Progress deadline=600s",
            "Traffic routing=Weight step: 10 max: 50"),
        fields(attachment));
  }

  @Test
  void addsOnlyTheClusterWithoutDetails() {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "chat", null);

    sender(
            Map.of("kanary.cluster-name", "prod-eu"),
            Fixtures.lookup(slack("test", "chat")),
            NO_SECRETS)
        .dispatch(canary, Severity.ERROR, "Failed checks threshold reached 5", false)
        .join();

    JsonNode attachment = attachment(receiver.requests().get(0));
    assertEquals("danger", attachment.get("color").asText());
    assertEquals(List.of("Cluster=prod-eu"), fields(attachment));
  }

  @Test
  void countsMissingProvidersSecretsAndAddressesAsFailedWithoutThrowing() {
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "absent", null);
    Fixtures.withAlert(canary, "info", "no-secret", null);
    Fixtures.withAlert(canary, "info", "no-address", null);
    Fixtures.withAlert(canary, "info", "bad-address", null);
    AlertProvider noSecret = Fixtures.provider("test", "no-secret", "discord", null);
    noSecret.getSpec().secretRef = new SecretReference();
    noSecret.getSpec().secretRef.name = "missing";
    AlertProvider noAddress = Fixtures.provider("test", "no-address", "gchat", null);
    noAddress.getSpec().secretRef = new SecretReference();
    noAddress.getSpec().secretRef.name = "token-only";
    Secret tokenOnly = new SecretBuilder().withStringData(Map.of("token", "SECRETPART")).build();
    SecretLookup secrets =
        (namespace, name) -> "token-only".equals(name) ? Optional.of(tokenOnly) : Optional.empty();
    AlertProvider badAddress =
        Fixtures.provider("test", "bad-address", "rocket", "hooks.example.com/SECRETPART");
    List<String> logged = new ArrayList<>();

    withLogs(
        logged,
        () ->
            sender(Map.of(), Fixtures.lookup(noSecret, noAddress, badAddress), secrets)
                .dispatch(canary, Severity.ERROR, "Failed checks threshold reached 1", false)
                .join());

    assertEquals(1, Fixtures.count(registry, "unknown", "failed"));
    assertEquals(1, Fixtures.count(registry, "discord", "failed"));
    assertEquals(1, Fixtures.count(registry, "gchat", "failed"));
    assertEquals(1, Fixtures.count(registry, "rocket", "failed"));
    assertTrue(receiver.requests().isEmpty());
    assertEquals(4, logged.size(), logged.toString());
    assertTrue(logged.get(0).contains("AlertProvider absent.test"), logged.get(0));
    logged.forEach(line -> assertFalse(line.contains("SECRETPART"), line));
  }

  @Test
  void neverThrowsOnAMalformedCanary() {
    Canary canary = new Canary();

    sender(Map.of(), Fixtures.lookup(), NO_SECRETS).send(canary, Severity.INFO, "m", true);

    assertEquals(1, Fixtures.count(registry, "unknown", "failed"));
  }

  @Test
  void usesTheGlobalTeamsNotifierOverSlackForAllSeverities() {
    DefaultAlertSender sender =
        sender(
            Map.of(
                "kanary.msteams.url", receiver.url() + "/teams",
                "kanary.slack.url", receiver.url() + "/slack",
                "kanary.slack.channel", "deploys"),
            Fixtures.lookup(),
            NO_SECRETS);

    for (Severity severity : Severity.values()) {
      sender.dispatch(Fixtures.canary(), severity, "m", false).join();
    }

    assertEquals(3, receiver.requests().size());
    receiver.requests().forEach(r -> assertEquals("/teams", r.uri().getPath()));
    assertEquals("MessageCard", receiver.requests().get(0).json().get("@type").asText());
    assertEquals(3, Fixtures.count(registry, "msteams", "sent"));
  }

  @Test
  void usesTheGlobalSlackNotifierWithItsChannelUserAndToken() {
    DefaultAlertSender sender =
        sender(
            Map.of(
                "kanary.slack.url", receiver.url() + "/slack",
                "kanary.slack.channel", "deploys",
                "kanary.slack.token", "xoxb-global",
                "kanary.msteams.url", ""),
            Fixtures.lookup(),
            NO_SECRETS);

    sender.dispatch(Fixtures.canary(), Severity.INFO, "m", false).join();

    Receiver.Request request = receiver.requests().get(0);
    assertEquals("/slack", request.uri().getPath());
    assertEquals("deploys", request.json().get("channel").asText());
    assertEquals("flagger", request.json().get("username").asText());
    assertEquals("Bearer xoxb-global", request.header("Authorization"));
    assertEquals(1, Fixtures.count(registry, "slack", "sent"));
  }

  @Test
  void sendsNothingWithoutGlobalNotifierOrWhenTheCanaryHasAlerts() {
    sender(Map.of(), Fixtures.lookup(), NO_SECRETS)
        .dispatch(Fixtures.canary(), Severity.ERROR, "m", false)
        .join();
    Canary withAlerts = Fixtures.withAlert(Fixtures.canary(), "error", "chat", null);
    sender(Map.of("kanary.slack.url", receiver.url() + "/slack"), Fixtures.lookup(), NO_SECRETS)
        .dispatch(withAlerts, Severity.INFO, "m", false)
        .join();

    assertTrue(receiver.requests().isEmpty());
    assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
  }

  @Test
  void exportsTheCounterAsKanaryNotificationsTotal() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new DefaultAlertSender(
            Fixtures.config(Map.of("kanary.slack.url", receiver.url() + "/slack")),
            Fixtures.lookup(),
            NO_SECRETS,
            prometheus,
            HTTP)
        .dispatch(Fixtures.canary(), Severity.INFO, "m", false)
        .join();

    String scrape = prometheus.scrape();
    assertTrue(
        scrape.contains("kanary_notifications_total{provider=\"slack\",result=\"sent\",} 1.0"),
        scrape);
  }

  @Test
  void sendReturnsAtOnceWhileTheReceiverHangsAndTheDeliveryFailsWithinItsBudget() {
    receiver.hanging();
    HttpSender slow =
        new HttpSender(
            new HttpSender.Settings(
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                Duration.ofMillis(100),
                Duration.ofMillis(200)));
    DefaultAlertSender sender =
        new DefaultAlertSender(
            Fixtures.config(Map.of()),
            Fixtures.lookup(slack("test", "chat")),
            NO_SECRETS,
            registry,
            slow);
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "chat", null);

    assertTimeoutPreemptively(
        Duration.ofMillis(1500), () -> sender.send(canary, Severity.ERROR, "m", true));

    assertEquals(0, Fixtures.count(registry, "slack", "failed"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Fixtures.count(registry, "slack", "failed") == 1);
    assertEquals(0, Fixtures.count(registry, "slack", "sent"));
  }

  @Test
  void sendReturnsAtOnceWhileTheReceiverFailsAndCountsTheFailure() {
    receiver.always(500);
    HttpSender shortBudget =
        new HttpSender(
            new HttpSender.Settings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofMillis(400)));
    DefaultAlertSender sender =
        new DefaultAlertSender(
            Fixtures.config(Map.of()),
            Fixtures.lookup(slack("test", "chat")),
            NO_SECRETS,
            registry,
            shortBudget);
    Canary canary = Fixtures.withAlert(Fixtures.canary(), "info", "chat", null);
    List<String> logged = new ArrayList<>();

    withLogs(
        logged,
        () -> {
          assertTimeoutPreemptively(
              Duration.ofMillis(1500), () -> sender.send(canary, Severity.ERROR, "m", false));
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> Fixtures.count(registry, "slack", "failed") == 1);
        });

    int attempts = receiver.requests().size();
    assertTrue(attempts > 1, "attempts: " + attempts);
    assertEquals(0, Fixtures.count(registry, "slack", "sent"));
    assertTrue(
        logged.stream()
            .anyMatch(
                l ->
                    l.contains(" from " + receiver.url() + "; gave up after ")
                        // a retry woken after its deadline on a loaded machine
                        || l.contains("time budget spent posting to " + receiver.url())),
        logged.toString());
    logged.forEach(line -> assertFalse(line.contains("SECRETPART"), line));
  }

  private DefaultAlertSender sender(
      Map<String, String> config, AlertProviderLookup providers, SecretLookup secrets) {
    return new DefaultAlertSender(Fixtures.config(config), providers, secrets, registry, HTTP);
  }

  private AlertProvider slack(String namespace, String name) {
    return Fixtures.provider(namespace, name, "slack", receiver.url() + HOOK_PATH);
  }

  private static JsonNode attachment(Receiver.Request request) {
    return request.json().get("attachments").get(0);
  }

  private static List<String> fields(JsonNode attachment) {
    List<String> fields = new ArrayList<>();
    attachment
        .get("fields")
        .forEach(f -> fields.add(f.get("title").asText() + "=" + f.get("value").asText()));
    return fields;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs an action while recording the sender's log lines, with their parameters. */
  private static void withLogs(List<String> lines, Runnable action) {
    Logger logger = Logger.getLogger(DefaultAlertSender.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
              for (Object parameter : record.getParameters()) {
                line.append(" | ").append(parameter);
              }
            }
            synchronized (lines) {
              lines.add(line.toString());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      action.run();
    } finally {
      logger.removeHandler(handler);
    }
  }
}
