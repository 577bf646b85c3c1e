package dev.kanary.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sandbox's Slack: an incoming-webhook endpoint that keeps every message posted to it and
 * prints a line for each, as the tutorial's Slack channel would show it.
 */
public final class SlackReceiver implements ClusterService {

  /** The host the sandbox serves it under; the tutorial's Slack Secret points here. */
  public static final String HOST = "hooks.slack.sandbox";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

  /**
   * One message posted to Slack.
   *
   * @param channel the channel it was posted to
   * @param username the user it was posted as
   * @param color the attachment's color: {@code good}, {@code warning} or {@code danger}
   * @param subject the attachment's author line, the canary's {@code name.namespace}
   * @param text the message
   */
  public record Post(String channel, String username, String color, String subject, String text) {}

  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Consumer<String> console;

  /**
   * Creates the receiver.
   *
   * @param console where a line is printed for every message
   */
  public SlackReceiver(Consumer<String> console) {
    this.console = console;
  }

  @Override
  public Reply handle(String method, String path, byte[] body) {
    if (!"POST".equals(method)) {
      return new Reply(405, "text/plain", "POST only".getBytes(StandardCharsets.UTF_8));
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (IOException e) {
      return new Reply(400, "text/plain", "invalid_payload".getBytes(StandardCharsets.UTF_8));
    }
    JsonNode attachment = payload.path("attachments").path(0);
    Post post =
        new Post(
            payload.path("channel").asText(""),
            payload.path("username").asText(""),
            attachment.path("color").asText(""),
            attachment.path("author_name").asText(""),
            attachment.isMissingNode()
                ? payload.path("text").asText("")
                : attachment.path("text").asText(""));
    posts.add(post);
    console.accept(
        String.format(
            "Slack #%s @%s [%s] %s: %s",
            post.channel(), post.username(), post.color(), post.subject(), post.text()));
    return new Reply(200, "text/plain", OK);
  }

  /**
   * The messages posted so far, oldest first.
   *
   * @return the messages
   */
  public List<Post> posts() {
    return List.copyOf(posts);
  }
}
