package io.github.dispatchkit.sonorancad.exception;

/**
 * The server's response body, success or error, exceeded the client's {@code maxResponseBytes}
 * cap: reading stopped at the cap, so a runaway or hostile server cannot exhaust memory. Nothing of
 * the body was used, and the call is not retried (it would come back the same).
 */
public final class ResponseTooLargeException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final long maxResponseBytes;

  /**
   * Creates the exception.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status of the response
   * @param maxResponseBytes the cap that was exceeded
   */
  public ResponseTooLargeException(String operationId, int statusCode, long maxResponseBytes) {
    super(operationId, operationId + ": the body of the HTTP " + statusCode + " response exceeds the client's"
        + " cap of " + maxResponseBytes + " bytes (maxResponseBytes); reading stopped there", null);
    this.statusCode = statusCode;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** Returns the HTTP status of the response whose body was too large. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the cap that was exceeded, in bytes. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }
}
