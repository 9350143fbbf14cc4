package io.github.dispatchkit.sonorancad.exception;

/** The API answered 429 Too Many Requests from the gateway, after the client's retries (if any) were used up or the requested wait was longer than the configured cap; see {@link #retryAfter()}. */
public final class RateLimitException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public RateLimitException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
