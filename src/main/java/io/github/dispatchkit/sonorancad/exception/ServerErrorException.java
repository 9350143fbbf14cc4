package io.github.dispatchkit.sonorancad.exception;

/** The API answered a 5xx status: the server or its gateway failed. */
public final class ServerErrorException extends SonoranCadServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an error response.
   *
   * @param operationId the spec's operationId
   * @param statusCode the HTTP status
   * @param details the parsed error body and headers
   */
  public ServerErrorException(String operationId, int statusCode, ErrorDetails details) {
    super(operationId, statusCode, details);
  }
}
