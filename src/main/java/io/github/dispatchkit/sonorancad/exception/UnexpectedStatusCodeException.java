package io.github.dispatchkit.sonorancad.exception;

/** The API answered a status this client has no dedicated type for, such as a 3xx that was not followed or a 409. */
public final class UnexpectedStatusCodeException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public UnexpectedStatusCodeException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
