package io.github.dispatchkit.sonorancad.exception;

/** The API answered 404 Not Found: for example a {@code serverId} not configured for the community. */
public final class NotFoundException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public NotFoundException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
