package dev.kanary.router;

/** A routing object could not be read or written; the message says which and why. */
public class RoutingException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the object
   * @param cause the underlying error, or null
   */
  public RoutingException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the object
   */
  public RoutingException(String message) {
    super(message);
  }
}
