package dev.kanary.notifier;

/**
 * The outcome of posting one message.
 *
 * @param sent whether the endpoint accepted the message
 * @param attempts the number of HTTP requests made
 * @param failure why the message was not delivered, without URL or token; empty when sent
 */
public record Delivery(boolean sent, int attempts, String failure) {

  /**
   * A delivered message.
   *
   * @param attempts the number of HTTP requests made
   * @return the outcome
   */
  public static Delivery sent(int attempts) {
    return new Delivery(true, attempts, "");
  }

  /**
   * A message given up on.
   *
   * @param attempts the number of HTTP requests made
   * @param failure why, without URL or token
   * @return the outcome
   */
  public static Delivery failed(int attempts, String failure) {
    return new Delivery(false, attempts, failure);
  }
}
