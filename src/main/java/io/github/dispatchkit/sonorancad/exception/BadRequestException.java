package io.github.dispatchkit.sonorancad.exception;

/** The API answered 400 Bad Request: the request was rejected as invalid. */
public final class BadRequestException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public BadRequestException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
