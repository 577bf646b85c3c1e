package dev.kanary.metrics;

/**
 * A Prometheus query that yielded no usable value, and why. Its message never holds a credential or
 * a URL with user info: an address is shown as {@code scheme://host:port} at most.
 */
public class PrometheusException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a query yielded no value. */
  public enum Kind {
    /** The address is no absolute http(s) URL, or a header cannot be sent. */
    INVALID_REQUEST,
    /** The connection failed: unknown host, refused, reset, TLS handshake failure. */
    UNREACHABLE,
    /** No complete answer came within the timeout. */
    TIMEOUT,
    /** An HTTP error status that is not a Prometheus error answer (a proxy, a wrong path). */
    HTTP_STATUS,
    /** Prometheus answered {@code "status": "error"}, for example a PromQL syntax error. */
    QUERY_ERROR,
    /** The answer is no Prometheus API answer, or a result type other than vector or scalar. */
    UNEXPECTED_RESPONSE,
    /** The query returned an empty vector: no series matched. */
    NO_VALUES,
    /** The query returned NaN, typically a ratio of two zero rates: no traffic. */
    NOT_A_NUMBER,
    /** The query returned an infinity, for example a quantile above the last histogram bucket. */
    INFINITE
  }

  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind why the query failed
   * @param message a description without credentials
   */
  public PrometheusException(Kind kind, String message) {
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
   * Tells whether the query ran but found no data, which Flagger reports as "no values found": an
   * empty result or NaN.
   *
   * @return true for {@link Kind#NO_VALUES} and {@link Kind#NOT_A_NUMBER}
   */
  public boolean noValues() {
    return kind == Kind.NO_VALUES || kind == Kind.NOT_A_NUMBER;
  }
}
