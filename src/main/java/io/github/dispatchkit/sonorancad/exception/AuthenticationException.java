package io.github.dispatchkit.sonorancad.exception;

/** The API answered 401 Unauthorized or 403 Forbidden: the API key is missing, malformed or not valid. */
public final class AuthenticationException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public AuthenticationException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
