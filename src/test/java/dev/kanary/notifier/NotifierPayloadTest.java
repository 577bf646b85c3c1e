package dev.kanary.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact JSON each notifier posts, and its bearer token. */
class NotifierPayloadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK_PATH = "/services/T000/B000/XXXX";
  private static final HttpSender HTTP =
      new HttpSender(
          new HttpSender.Settings(
              Duration.ofSeconds(5),
              Duration.ofSeconds(10),
              Duration.ofMillis(10),
              Duration.ofMillis(50)));

  private final Receiver receiver = new Receiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  static Message info() {
    return new Message(
        "podinfo",
        "test",
        Severity.INFO,
        "New revision detected, progressing canary analysis.",
        List.of(
            new Message.Field("Target", "Deployment/podinfo.test"),
            new Message.Field("Failed checks threshold", "5"),
            new Message.Field("Progress deadline", "60s"),
            new Message.Field("Traffic routing", "Weight step: 10 max: 50")),
        Optional.of("prod-eu"));
  }

  static Message error() {
    return new Message(
        "podinfo",
        "test",
        Severity.ERROR,
        "Failed checks threshold reached 5",
        List.of(),
        Optional.of("prod-eu"));
  }

  static Stream<Arguments> payloads() {
    return Stream.of("slack", "discord", "rocket", "msteams", "gchat")
        .flatMap(
            type ->
                Stream.of(
                    Arguments.of(type, "info", info()), Arguments.of(type, "error", error())));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("payloads")
  void postsFlaggersPayload(String type, String severity, Message message) throws IOException {
    Notifier notifier = notifier(type, Optional.empty());

    Delivery delivery = notifier.post(message).join();

    assertTrue(delivery.sent(), delivery.failure());
    assertEquals(type, notifier.type());
    Receiver.Request request = single();
    assertEquals("POST", request.method());
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals(
        "discord".equals(type) ? HOOK_PATH + "/slack" : HOOK_PATH, request.uri().getPath());
    assertEquals(expected(type + "-" + severity), request.json());
    assertNull(request.header("Authorization"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"slack", "discord", "rocket", "msteams", "gchat"})
  void sendsTheTokenAsBearer(String type) {
    Delivery delivery = notifier(type, Optional.of("xoxb-t0ken")).post(info()).join();

    assertTrue(delivery.sent(), delivery.failure());
    assertEquals("Bearer xoxb-t0ken", single().header("Authorization"));
  }

  @Test
  void discordKeepsAnExistingSlackSuffixAndTheQuery() {
    Endpoint endpoint =
        Endpoint.of(URI.create(receiver.url() + "/api/webhooks/1/abc/slack?wait=true"));

    new DiscordNotifier(endpoint, "general", "flagger", HTTP).post(error()).join();

    assertEquals("/api/webhooks/1/abc/slack", single().uri().getPath());
    assertEquals("wait=true", single().uri().getQuery());
  }

  @Test
  void withoutClusterNameTheFieldsAreTheMessagesOwn() {
    Message message =
        new Message(
            "podinfo",
            "test",
            Severity.WARN,
            "Canary is waiting for approval.",
            List.of(),
            Optional.of(" "));

    notifier("msteams", Optional.empty()).post(message).join();

    JsonNode card = single().json();
    assertEquals("0076D7", card.get("themeColor").asText());
    assertTrue(card.get("sections").get(0).get("facts").isEmpty());
  }

  @Test
  void noopNotifierSendsNothing() {
    Delivery delivery = new NoopNotifier().post(info()).join();

    assertTrue(delivery.sent());
    assertEquals(0, delivery.attempts());
    assertEquals("noop", new NoopNotifier().type());
  }

  @Test
  void endpointNeverShowsUrlPathOrToken() {
    Endpoint endpoint =
        new Endpoint(
            URI.create("https://hooks.slack.com/services/T0/B0/SECRET"),
            Optional.of("t0ken"),
            Optional.empty());

    assertEquals("Endpoint[https://hooks.slack.com, token set]", endpoint.toString());
  }

  private Notifier notifier(String type, Optional<String> token) {
    Endpoint endpoint =
        new Endpoint(URI.create(receiver.url() + HOOK_PATH), token, Optional.empty());
    return NotifierFactory.create(type, endpoint, "on-call", "kanary-bot", HTTP).orElseThrow();
  }

  private Receiver.Request single() {
    List<Receiver.Request> requests = receiver.requests();
    assertEquals(1, requests.size(), "requests received");
    return requests.get(0);
  }

  private static JsonNode expected(String name) throws IOException {
    try (InputStream in =
        NotifierPayloadTest.class.getResourceAsStream("/notifier/" + name + ".json")) {
      return JSON.readTree(in);
    }
  }
}
