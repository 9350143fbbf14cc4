package io.github.dispatchkit.sonorancad.exception;

import java.io.IOException;

/**
 * The shared rate-limit store (such as Redis) could not be reached to take a permit, so the
 * request was not sent.
 *
 * <p>Nothing reached the API: retrying is safe for every operation, Create Identifier included.
 * The client does not fall back to limits of its own meanwhile, since other processes sharing the
 * key could then together exceed the documented limit and meet 429s. The cause says what failed.
 */
public final class RateLimitStoreException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a store failure before {@code operationId} was sent.
   *
   * @param operationId the spec's operationId
   * @param cause the store's failure
   */
  public RateLimitStoreException(String operationId, IOException cause) {
    super(operationId, operationId + ": not sent, the rate-limit store failed: " + describe(cause), cause);
  }

  private static String describe(IOException cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
