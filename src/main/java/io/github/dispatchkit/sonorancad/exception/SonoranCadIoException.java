package io.github.dispatchkit.sonorancad.exception;

import java.io.IOException;

/**
 * The call failed in transport: connection refused or reset, a failed TLS handshake, a timeout
 * (of one attempt, or the whole call's {@code callTimeout}), or an interrupted wait. The message
 * names the request (method and URL, never the key) and, when the TLS handshake failed, says so.
 *
 * <p>The request may or may not have reached the server. A request that must not be repeated, such
 * as Create Identifier, was not resent by the client; check the server state before retrying it.
 */
public final class SonoranCadIoException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a transport failure of {@code operationId}.
   *
   * @param operationId the spec's operationId
   * @param cause the transport failure
   */
  public SonoranCadIoException(String operationId, IOException cause) {
    super(operationId, operationId + ": " + describe(cause), cause);
  }

  /**
   * Creates an exception for a transport failure of {@code operationId} with its own message.
   *
   * @param operationId the spec's operationId
   * @param message the whole message, naming the operation, free of the API key
   * @param cause the transport failure
   */
  public SonoranCadIoException(String operationId, String message, IOException cause) {
    super(operationId, message, cause);
  }

  private static String describe(IOException cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
