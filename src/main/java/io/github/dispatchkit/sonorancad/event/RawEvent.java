package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.internal.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A push event kept as received: one of a type this client does not know, or of a known type whose
 * data did not fit its schema. Immutable and thread-safe.
 *
 * <p>The envelope's {@code key} is not kept.
 */
public final class RawEvent {
  private final String type;
  private final @Nullable Object data;
  private final Delivery delivery;

  RawEvent(String type, @Nullable Object data, Delivery delivery) {
    this.type = type;
    this.data = data;
    this.delivery = delivery;
  }

  /** Returns the envelope's {@code type} as sent. */
  public String type() {
    return type;
  }

  /**
   * Returns the envelope's {@code data} as a JSON value: a {@code Map<String, Object>}, a
   * {@code List<Object>}, a {@code String}, a {@code Double}, a {@code Boolean} or null.
   */
  public @Nullable Object data() {
    return data;
  }

  /** Returns the envelope's {@code data} as JSON text. */
  public String dataJson() {
    return Json.MOSHI.adapter(Object.class).serializeNulls().toJson(data);
  }

  /** Returns how the event arrived. */
  public Delivery delivery() {
    return delivery;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawEvent that && type.equals(that.type) && Objects.equals(data, that.data)
        && delivery == that.delivery;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, data, delivery);
  }

  @Override
  public String toString() {
    String json = dataJson();
    return "RawEvent{type=" + type + ", delivery=" + delivery + ", data="
        + (json.length() > 200 ? json.substring(0, 200) + "..." : json) + "}";
  }
}
