package io.github.dispatchkit.sonorancad.exception;

import java.time.Duration;

/**
 * This client's own limiter refused to send the request, so nothing reached the server.
 *
 * <p>Thrown in fail-fast mode when no permit is free, and in wait mode when the next permit is
 * further away than the configured maximum wait. {@link #retryAfter()} says when one frees.
 */
public final class ClientRateLimitException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates an exception for a refused permit.
   *
   * @param operationId the spec's operationId
   * @param limit the documented limit, such as {@code "30 per PT1M"}
   * @param retryAfter when the next permit frees, at the earliest
   */
  public ClientRateLimitException(String operationId, String limit, Duration retryAfter) {
    super(
        operationId,
        operationId + ": the documented limit of " + limit
            + " per API key is used up; retry after " + retryAfter.toMillis() + " ms",
        null);
    this.retryAfter = retryAfter;
  }

  /** Returns how long until a permit frees, at the earliest. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
