package io.github.dispatchkit.sonorancad.exception;

import org.jspecify.annotations.Nullable;

/**
 * A push event could not be delivered to a handler: its data does not fit the documented schema of
 * its type, it was refused (a {@code key} that is not the API key), or the handler threw.
 *
 * <p>Reported to {@code SonoranCadEvents.onError}; the stream goes on with the next event.
 * {@link #operationId()} is the event type, such as {@code "EVENT_911"}. The message never contains
 * the API key.
 */
public final class EventException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception about an event of type {@code eventType}.
   *
   * @param eventType the event's {@code type}, or {@code "(none)"}
   * @param message what happened, without the API key
   * @param cause the underlying failure, or null
   */
  public EventException(String eventType, String message, @Nullable Throwable cause) {
    super(eventType, eventType + ": " + message, cause);
  }
}
