package dev.kanary.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds Slack's incoming-webhook payload, which Discord and Rocket.Chat also accept. */
final class SlackFormat {

  private SlackFormat() {}

  /**
   * Builds the payload of one message: one attachment holding the text and the fields.
   *
   * @param message the message
   * @param channel the channel posted to
   * @param username the user name posted as
   * @param color the attachment's color
   * @return the JSON payload
   */
  static ObjectNode payload(Message message, String channel, String username, String color) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode payload = json.objectNode();
    payload.put("channel", channel);
    payload.put("username", username);
    payload.put("icon_url", "");
    payload.put("icon_emoji", ":rocket:");
    ObjectNode attachment = payload.putArray("attachments").addObject();
    attachment.put("color", color);
    attachment.put("author_name", message.subject());
    attachment.put("text", message.text());
    attachment.putArray("mrkdwn_in").add("text");
    ArrayNode fields = attachment.putArray("fields");
    for (Message.Field field : message.displayedFields()) {
      fields
          .addObject()
          .put("title", field.title())
          .put("value", field.value())
          .put("short", false);
    }
    return payload;
  }
}
