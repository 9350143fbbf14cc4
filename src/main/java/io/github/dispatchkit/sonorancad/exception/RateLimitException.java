package io.github.dispatchkit.sonorancad.exception;

/**
 * A rate limit stopped the call: the API answered 429 Too Many Requests, or, as the subclass
 * {@link ClientRateLimitException}, this client's own limiter refused to send it.
 *
 * <p>Catch this type to handle both the same way: {@link #retryAfter()} says how long to wait when
 * known (always, for {@code ClientRateLimitException}). A 429 is thrown after the client's retries
 * (if any) were used up, or when the requested wait was longer than the configured cap.
 */
public class RateLimitException extends SonoranCadServiceException {
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

  /** For {@link ClientRateLimitException}: status 429 and its own message. */
  RateLimitException(String operationId, String message, ErrorDetails details) {
    super(operationId, 429, message, details);
  }
}
