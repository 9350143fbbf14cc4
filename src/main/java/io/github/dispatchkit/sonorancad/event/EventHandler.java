package io.github.dispatchkit.sonorancad.event;

/**
 * Handles events of one type. Called on the events thread, one event at a time, in arrival order.
 *
 * <p>An exception thrown here is reported to {@link SonoranCadEvents#onError} and the stream goes on.
 *
 * @param <T> the generated class of the event's data
 */
@FunctionalInterface
public interface EventHandler<T> {
  /**
   * Handles one event.
   *
   * @param event the event; never null
   * @throws Exception reported to the error handler, never stopping the stream
   */
  void handle(Event<T> event) throws Exception;
}
