package io.github.dispatchkit.sonorancad.exception;

import org.jspecify.annotations.Nullable;

/**
 * The websocket hub refused or failed a call ({@code authenticatev2}, {@code unitLocation}), the
 * connection dropped while the call was pending, or the hub sent a message this client cannot read.
 *
 * <p>{@link #operationId()} is the hub method, such as {@code "unitLocation"}, or {@code "hub"} for
 * the connection itself. The message never contains the API key.
 */
public class HubException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failure of hub method {@code method}.
   *
   * @param method the hub method, or {@code "hub"} for the connection
   * @param message what happened, without the API key
   * @param cause the underlying failure, or null
   */
  public HubException(String method, String message, @Nullable Throwable cause) {
    super(method, method + ": " + message, cause);
  }
}
