package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.dispatchkit.sonorancad.Drift.Kind;
import io.github.dispatchkit.sonorancad.JsonValue;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A Moshi adapter that never fails on data: a value of the documented JSON type is read directly
 * (the fast path); any other value is read whole, coerced when that loses nothing, else left null,
 * and logged in the reader's {@link DecodeLog} either way. A one-element array holding a value of the
 * documented type is read as that value. Only malformed JSON throws. The base of the generated
 * models' and enumerations' adapters and of {@link Json}'s.
 */
public abstract class Tolerant<T> extends JsonAdapter<T> {
  /** Returns what the spec documents, for drift reports: {@code integer}, {@code Unit}. */
  protected abstract String expected();

  /** Returns true when a value starting with {@code token} is read by {@link #read}. */
  protected abstract boolean typed(JsonReader.Token token);

  /** Reads a value starting with a {@link #typed} token; null after {@link #untyped} when it cannot. */
  protected abstract @Nullable T read(JsonReader reader) throws IOException;

  /** Returns true when the spec documents values starting with {@code token} too: coerced, not logged. */
  protected boolean documented(JsonReader.Token token) {
    return false;
  }

  /** Returns {@code raw} converted to the documented type without loss, or null. */
  protected @Nullable T coerce(JsonValue raw) {
    return null;
  }

  @Override
  public final @Nullable T fromJson(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (typed(token)) {
      return read(reader);
    }
    if (token == JsonReader.Token.NULL) {
      return reader.nextNull();
    }
    return drifted(reader, token);
  }

  /** Reads a value of another type than documented. */
  protected @Nullable T drifted(JsonReader reader, JsonReader.Token token) throws IOException {
    DecodeLog log = DecodeLog.of(reader);
    String path = reader.getPath(); // before reading: an item's index is still its own
    if (token == JsonReader.Token.BEGIN_ARRAY) {
      T single = single(reader, log, path);
      if (single != null) {
        return single;
      }
    }
    JsonValue raw = Json.readValue(reader);
    T value = coerce(raw);
    if (value == null) {
      log.add(path, Kind.UNTYPED, expected(), raw);
      return null;
    }
    if (!documented(token)) {
      log.add(path, Kind.COERCED, expected(), raw);
    }
    return value;
  }

  /** Logs the value just read as untyped, and returns null. */
  protected final @Nullable T untyped(JsonReader reader, JsonValue raw) {
    DecodeLog.of(reader).add(Json.lastPath(reader), Kind.UNTYPED, expected(), raw);
    return null;
  }

  /** Logs the value just read as a value of an open enumeration the spec does not list. */
  protected final void unknownValue(JsonReader reader, JsonValue raw) {
    DecodeLog.of(reader).add(Json.lastPath(reader), Kind.UNKNOWN_VALUE, expected(), raw);
  }

  /** Returns {@code raw}, a number or numeric string, as an int when integral and in range; else null. */
  protected static @Nullable Integer integral(JsonValue raw) {
    try {
      java.math.BigDecimal number = raw.asNumber().orElseGet(() -> new java.math.BigDecimal(raw.asString().orElse("x")));
      return number.intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** Reads a one-element array as its item, consuming it; returns null, consuming nothing, for any other array. */
  private @Nullable T single(JsonReader reader, DecodeLog log, String path) throws IOException {
    long checkpoint = log.checkpoint();
    JsonReader fork = reader.peekJson();
    fork.setTag(DecodeLog.class, log);
    fork.beginArray();
    if (fork.hasNext() && fork.peek() != JsonReader.Token.BEGIN_ARRAY && fork.peek() != JsonReader.Token.NULL) {
      T item = fromJson(fork);
      if (item != null && !fork.hasNext()) {
        JsonValue raw = Json.readValue(reader);
        log.add(path, Kind.COERCED, expected(), raw);
        return item;
      }
    }
    log.rollback(checkpoint);
    return null;
  }
}
