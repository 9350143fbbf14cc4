package io.github.dispatchkit.sonorancad.event;

import java.util.Objects;

/**
 * A push event of a documented type, with its decoded data. Immutable and thread-safe.
 *
 * <p>The envelope's {@code key} is checked on receipt and not kept.
 *
 * @param <T> the generated class of the data
 */
public final class Event<T> {
  private final EventType<T> type;
  private final T data;
  private final Delivery delivery;

  Event(EventType<T> type, T data, Delivery delivery) {
    this.type = type;
    this.data = data;
    this.delivery = delivery;
  }

  /** Returns the event's type. */
  public EventType<T> type() {
    return type;
  }

  /** Returns the decoded data; properties the event did not carry are null. */
  public T data() {
    return data;
  }

  /** Returns how the event arrived. */
  public Delivery delivery() {
    return delivery;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Event<?> that && type == that.type && data.equals(that.data) && delivery == that.delivery;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, data, delivery);
  }

  @Override
  public String toString() {
    return "Event{type=" + type + ", delivery=" + delivery + ", data=" + data + "}";
  }
}
