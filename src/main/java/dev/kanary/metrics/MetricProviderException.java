package dev.kanary.metrics;

/**
 * A query to a template provider that yielded no usable value, and why; its message names the
 * provider and never holds a credential.
 */
public class MetricProviderException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a query yielded no value. */
  public enum Kind {
    /** The template's address, Secret or interval cannot make a request. */
    INVALID_REQUEST,
    /** The connection failed: unknown host, refused, reset, TLS handshake failure. */
    UNREACHABLE,
    /** No complete answer came within the timeout. */
    TIMEOUT,
    /** The provider answered an HTTP error status. */
    HTTP_STATUS,
    /** The provider answered success but reported an error in the query. */
    QUERY_ERROR,
    /** The answer is not in the provider's format, or its value is no number. */
    UNEXPECTED_RESPONSE,
    /** The query ran but matched no data. */
    NO_VALUES
  }

  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind why the query failed
   * @param message a description naming the provider, without credentials
   */
  public MetricProviderException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /**
   * Why the query failed.
   *
   * @return the kind of failure
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Tells whether the query ran but found no data, which Flagger reports as "no values found".
   *
   * @return true for {@link Kind#NO_VALUES}
   */
  public boolean noValues() {
    return kind == Kind.NO_VALUES;
  }
}
