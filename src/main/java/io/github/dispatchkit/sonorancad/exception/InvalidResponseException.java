package io.github.dispatchkit.sonorancad.exception;

/**
 * The server answered with a success status but a body this client cannot use: empty, truncated,
 * not JSON, or missing a required property.
 *
 * <p>{@link #bodySnippet()} holds the start of the raw body to help diagnose the server or proxy
 * that produced it.
 */
public final class InvalidResponseException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final String bodySnippet;

  /**
   * Creates an exception for an unusable success body.
   *
   * @param operationId the spec's operationId
   * @param problem what is wrong with the body
   * @param bodySnippet the start of the raw body, already redacted
   */
  public InvalidResponseException(
      String operationId, String problem, String bodySnippet) {
    super(
        operationId,
        operationId + ": success status with an unusable body: " + problem
            + " (body: " + bodySnippet + ")",
        null);
    this.bodySnippet = bodySnippet;
  }

  /** Returns the start of the raw body ({@code ""} when empty), with the API key redacted. */
  public String bodySnippet() {
    return bodySnippet;
  }
}
