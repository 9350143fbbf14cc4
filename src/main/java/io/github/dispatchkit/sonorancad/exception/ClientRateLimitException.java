package io.github.dispatchkit.sonorancad.exception;

import java.time.Duration;

/**
 * This client's own limiter refused to send the request, so nothing reached the server.
 *
 * <p>Thrown in fail-fast mode when no permit is free, and in wait mode when the next permit is
 * further away than the configured maximum wait. It is a {@link RateLimitException}, so one
 * {@code catch (RateLimitException e)} handles a limit reached here and a 429 from the server alike;
 * {@link #retryAfter()} is always present and says when a permit frees. {@link #statusCode()} is
 * 429, the answer the server would have given; {@link #title()} is {@code "Too Many Requests"},
 * {@link #detail()} names the limit, and the body snippet is empty.
 */
public final class ClientRateLimitException extends RateLimitException {
  private static final long serialVersionUID = 1L;

  private final String limit;

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
        new ErrorDetails(
            null,
            "Too Many Requests",
            "the documented limit of " + limit + " per API key is used up; nothing was sent",
            null,
            null,
            null,
            retryAfter,
            ""));
    this.limit = limit;
  }

  /** Returns the limit that was used up, such as {@code "30 per PT1M"}. */
  public String limit() {
    return limit;
  }
}
