package dev.kanary.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, time budget, proxy and redaction of the HTTP sender. */
class HttpSenderTest {

  private static final String SECRET_PATH = "/services/T000/B000/SECRETPART";
  private static final ObjectNode PAYLOAD = JsonNodeFactory.instance.objectNode().put("text", "hi");

  private final Receiver receiver = new Receiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void retriesServerErrorsAndRateLimitingThenSucceeds() {
    receiver.answering(500, 429, 503);

    Delivery delivery = sender(Duration.ofSeconds(5)).post(endpoint(), PAYLOAD).join();

    assertTrue(delivery.sent(), delivery.failure());
    assertEquals(4, receiver.requests().size());
    assertTrue(delivery.attempts() >= 4, "attempts: " + delivery.attempts());
    receiver.requests().forEach(r -> assertEquals(PAYLOAD, r.json()));
  }

  @Test
  void doesNotRetryClientErrors() {
    receiver.answering(404);

    Delivery delivery = sender(Duration.ofSeconds(5)).post(endpoint(), PAYLOAD).join();

    assertFalse(delivery.sent());
    assertEquals(1, delivery.attempts());
    assertEquals("HTTP 404 from " + receiver.url(), delivery.failure());
  }

  @Test
  void doesNotFollowRedirects() {
    receiver.answering(307);

    Delivery delivery = sender(Duration.ofSeconds(5)).post(endpoint(), PAYLOAD).join();

    assertFalse(delivery.sent());
    assertEquals(1, delivery.attempts());
    assertEquals("HTTP 307 from " + receiver.url(), delivery.failure());
  }

  @Test
  void givesUpOnPersistentServerErrorsWhenTheBudgetIsSpent() {
    receiver.always(500);

    Delivery delivery = sender(Duration.ofMillis(500)).post(endpoint(), PAYLOAD).join();

    assertFalse(delivery.sent());
    int received = receiver.requests().size();
    // An attempt may also fail on a kept-alive connection before reaching the receiver; it counts.
    assertTrue(received > 1 && received <= delivery.attempts(), received + " received");
    assertTrue(
        delivery
            .failure()
            .matches(
                "(HTTP 500|\\w+Exception) from "
                    + Pattern.quote(receiver.url())
                    + "; gave up after \\d+ attempts"),
        delivery.failure());
  }

  @Test
  void timesOutOnAReceiverThatNeverAnswers() {
    receiver.hanging();
    HttpSender sender =
        new HttpSender(
            new HttpSender.Settings(
                Duration.ofMillis(200),
                Duration.ofMillis(700),
                Duration.ofMillis(10),
                Duration.ofMillis(20)));

    Delivery delivery = sender.post(endpoint(), PAYLOAD).join();

    assertFalse(delivery.sent());
    assertTrue(delivery.failure().startsWith("HttpTimeoutException"), delivery.failure());
    assertFalse(delivery.failure().contains("SECRETPART"), delivery.failure());
  }

  @Test
  void retriesRefusedConnections() {
    Receiver closed = new Receiver();
    closed.close();
    Endpoint endpoint = Endpoint.of(URI.create(closed.url() + SECRET_PATH));

    Delivery delivery = sender(Duration.ofSeconds(2)).post(endpoint, PAYLOAD).join();

    assertFalse(delivery.sent());
    assertTrue(delivery.attempts() > 1, "attempts: " + delivery.attempts());
    assertTrue(
        delivery.failure().startsWith("ConnectException from " + closed.url())
            || delivery.failure().startsWith("time budget spent posting to " + closed.url()),
        delivery.failure());
    assertFalse(delivery.failure().contains(SECRET_PATH), "the path is a credential");
  }

  @Test
  void postsThroughTheProxy() {
    try (Receiver proxy = new Receiver()) {
      Endpoint endpoint =
          new Endpoint(
              URI.create(receiver.url() + SECRET_PATH),
              Optional.of("t0ken"),
              Optional.of(proxy.url()));

      Delivery delivery = sender(Duration.ofSeconds(5)).post(endpoint, PAYLOAD).join();

      assertTrue(delivery.sent(), delivery.failure());
      assertTrue(receiver.requests().isEmpty(), "the target was called directly");
      assertEquals(1, proxy.requests().size());
      Receiver.Request request = proxy.requests().get(0);
      assertEquals(URI.create(receiver.url() + SECRET_PATH), request.uri());
      assertEquals("Bearer t0ken", request.header("Authorization"));
      assertEquals(PAYLOAD, request.json());
    }
  }

  @Test
  void refusesAnUnusableProxyWithoutShowingIt() {
    Endpoint endpoint =
        new Endpoint(
            URI.create(receiver.url() + SECRET_PATH),
            Optional.empty(),
            Optional.of("socks5://user:SECRETPART@proxy:1080"));

    Delivery delivery = sender(Duration.ofSeconds(5)).post(endpoint, PAYLOAD).join();

    assertFalse(delivery.sent());
    assertEquals("invalid proxy URL for " + receiver.url(), delivery.failure());
    assertTrue(receiver.requests().isEmpty());
  }

  @Test
  void settingsRejectNonPositiveDurations() {
    assertEquals(Duration.ofSeconds(5), HttpSender.Settings.defaults().requestTimeout());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HttpSender.Settings(
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1)));
  }

  private Endpoint endpoint() {
    return Endpoint.of(URI.create(receiver.url() + SECRET_PATH));
  }

  private static HttpSender sender(Duration budget) {
    return new HttpSender(
        new HttpSender.Settings(
            Duration.ofSeconds(2), budget, Duration.ofMillis(10), Duration.ofMillis(40)));
  }
}
