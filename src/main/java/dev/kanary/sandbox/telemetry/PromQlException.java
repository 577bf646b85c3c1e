package dev.kanary.sandbox.telemetry;

/**
 * A query that could not be answered, with the error type and HTTP status Prometheus' API gives
 * such a failure: {@code bad_data} (400) for a query that does not parse or type-check, {@code
 * execution} (422) for one that fails while being evaluated.
 */
public final class PromQlException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String errorType;
  private final int httpStatus;

  private PromQlException(String errorType, int httpStatus, String message) {
    super(message);
    this.errorType = errorType;
    this.httpStatus = httpStatus;
  }

  /**
   * A query that does not parse, does not type-check or uses what the subset lacks.
   *
   * @param message what is wrong, as Prometheus words it
   * @return the exception
   */
  static PromQlException badData(String message) {
    return new PromQlException("bad_data", 400, message);
  }

  /**
   * A query that failed during evaluation, for example on ambiguous vector matching.
   *
   * @param message what is wrong
   * @return the exception
   */
  static PromQlException execution(String message) {
    return new PromQlException("execution", 422, message);
  }

  /**
   * The error type of Prometheus' API.
   *
   * @return {@code bad_data} or {@code execution}
   */
  public String errorType() {
    return errorType;
  }

  /**
   * The HTTP status Prometheus answers with for this failure.
   *
   * @return 400 or 422
   */
  public int httpStatus() {
    return httpStatus;
  }
}
