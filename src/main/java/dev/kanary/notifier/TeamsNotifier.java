package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Posts messages to a Microsoft Teams incoming webhook as a MessageCard, blue or red. */
public final class TeamsNotifier implements Notifier {

  private final Endpoint endpoint;
  private final HttpSender http;

  /**
   * Creates a Teams notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param http the sender of the requests
   */
  public TeamsNotifier(Endpoint endpoint, HttpSender http) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public String type() {
    return "msteams";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return http.post(endpoint, payload(message));
  }

  private ObjectNode payload(Message message) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("@type", "MessageCard");
    payload.put("@context", "http://schema.org/extensions");
    payload.put("themeColor", message.severity() == Severity.ERROR ? "FF0000" : "0076D7");
    payload.put("summary", message.subject());
    ObjectNode section = payload.putArray("sections").addObject();
    section.put("activityTitle", message.text());
    section.put("activitySubtitle", message.subject());
    ArrayNode facts = section.putArray("facts");
    for (Message.Field field : message.displayedFields()) {
      facts.addObject().put("name", field.title()).put("value", field.value());
    }
    return payload;
  }
}
