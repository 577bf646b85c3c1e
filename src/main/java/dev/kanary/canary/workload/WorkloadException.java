package dev.kanary.canary.workload;

/** A workload or one of its generated objects could not be read or written. */
public class WorkloadException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the object
   * @param cause the underlying error, or null
   */
  public WorkloadException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the object
   */
  public WorkloadException(String message) {
    super(message);
  }
}
