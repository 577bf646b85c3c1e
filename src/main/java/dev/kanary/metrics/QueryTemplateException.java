package dev.kanary.metrics;

/** A metric query template that cannot be rendered: malformed, or naming an unknown value. */
public class QueryTemplateException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the placeholder and where it is
   */
  public QueryTemplateException(String message) {
    super(message);
  }
}
