package dev.kanary.loadtester;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP response of the load tester's API.
 *
 * @param status the HTTP status code
 * @param contentType the media type of the body
 * @param body the body, possibly empty
 */
public record Response(int status, String contentType, byte[] body) {

  static final String TEXT = "text/plain; charset=utf-8";

  /**
   * A plain-text response.
   *
   * @param status the status code
   * @param text the body
   * @return the response
   */
  public static Response text(int status, String text) {
    return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The body as text.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
