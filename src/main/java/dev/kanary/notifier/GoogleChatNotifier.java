package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Posts messages to a Google Chat incoming webhook as a card with one section per field. */
public final class GoogleChatNotifier implements Notifier {

  private static final String IMAGE_URL = "https://flagger.app/favicon.png";

  private final Endpoint endpoint;
  private final HttpSender http;

  /**
   * Creates a Google Chat notifier.
   *
   * @param endpoint the webhook, with the bearer token sent when set
   * @param http the sender of the requests
   */
  public GoogleChatNotifier(Endpoint endpoint, HttpSender http) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public String type() {
    return "gchat";
  }

  @Override
  public CompletableFuture<Delivery> post(Message message) {
    return http.post(endpoint, payload(message));
  }

  private ObjectNode payload(Message message) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    ObjectNode card = payload.putArray("cards").addObject();
    ObjectNode header = card.putObject("header");
    header.put("title", "Flagger");
    header.put("subtitle", message.subject());
    header.put("imageUrl", IMAGE_URL);
    ArrayNode sections = card.putArray("sections");
    addParagraph(sections, "<font color=#848484><strong>" + message.text() + "</strong></font>");
    for (Message.Field field : message.displayedFields()) {
      addParagraph(
          sections,
          field.title() + "<br><font color=#848484><strong>" + field.value() + "</strong></font>");
    }
    return payload;
  }

  private static void addParagraph(ArrayNode sections, String text) {
    sections
        .addObject()
        .putArray("widgets")
        .addObject()
        .putObject("textParagraph")
        .put("text", text);
  }
}
