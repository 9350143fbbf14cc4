package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonWriter;
import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.Drift.Kind;
import io.github.dispatchkit.sonorancad.JsonValue;
import io.github.dispatchkit.sonorancad.exception.InvalidPropertyException;
import io.github.dispatchkit.sonorancad.internal.DecodeLog.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong decoding one model's own properties, kept by the model (null when nothing did):
 * the generated accessors ask it whether to throw, the raw accessors for what was received, and
 * {@code violations()} for what to list. Immutable.
 */
public final class DecodeState {
  private final String operationId;
  private final List<Entry> entries;

  DecodeState(String operationId, List<Entry> entries) {
    this.operationId = operationId;
    this.entries = entries;
  }

  /** Returns the operation whose response held the model; empty when none, or decoded outside a call. */
  public static String operationId(@Nullable DecodeState state) {
    return state == null ? "" : state.operationId;
  }

  /**
   * Returns the exception a required accessor throws when its value is null: an
   * {@link InvalidPropertyException} naming what was received, or for a model built without the
   * property an {@link IllegalStateException}.
   */
  public static RuntimeException unavailable(@Nullable DecodeState state, String model, String name) {
    if (state != null) {
      for (Entry entry : state.entries) {
        if (name.equals(entry.owner) && entry.isPropertyLevel()) {
          return new InvalidPropertyException(state.operationId, model + "." + name, List.of(entry.drift));
        }
      }
    }
    return new IllegalStateException(model + ": " + name + " is not set");
  }

  /**
   * Throws when optional property {@code name} was received as a value that could not be typed.
   *
   * @throws InvalidPropertyException naming the operation, the JSON path and the raw value
   */
  public static void check(@Nullable DecodeState state, String model, String name) {
    if (state != null) {
      for (Entry entry : state.entries) {
        if (entry.kind == Kind.UNTYPED && name.equals(entry.owner) && entry.isPropertyLevel()) {
          throw new InvalidPropertyException(state.operationId, model + "." + name, List.of(entry.drift));
        }
      }
    }
  }

  /**
   * Returns property {@code name} as received: the raw JSON when it drifted, else JSON derived from
   * {@code typed} (with any left-out list items put back in place); {@link JsonValue#MISSING} when
   * absent.
   */
  public static JsonValue raw(@Nullable DecodeState state, String name, @Nullable Object typed) {
    List<Entry> dropped = new ArrayList<>();
    if (state != null) {
      for (Entry entry : state.entries) {
        if (!name.equals(entry.owner)) {
          continue;
        }
        if (entry.isPropertyLevel()) {
          return entry.raw;
        }
        if (entry.kind == Kind.UNTYPED && entry.path.endsWith("]")) {
          dropped.add(entry);
        }
      }
    }
    if (typed == null) {
      return JsonValue.MISSING;
    }
    JsonValue derived = JsonValue.from(Json.MOSHI.adapter(Object.class).toJsonValue(typed));
    if (dropped.isEmpty() || derived.asArray().isEmpty()) {
      return derived;
    }
    List<JsonValue> items = new ArrayList<>(derived.asArray().orElseThrow());
    for (Entry entry : dropped) { // in path order: each index counts the items put back before it
      int open = entry.path.lastIndexOf('[');
      int index = Integer.parseInt(entry.path.substring(open + 1, entry.path.length() - 1));
      items.add(Math.min(index, items.size()), entry.raw);
    }
    return JsonValue.ofArray(items);
  }

  /**
   * Writes property {@code name} as received when it could not be typed, so that re-encoding a
   * decoded model loses nothing; does nothing otherwise.
   */
  public static void writeUntyped(@Nullable DecodeState state, JsonWriter writer, String name) throws IOException {
    if (state == null) {
      return;
    }
    for (Entry entry : state.entries) {
      if (entry.kind == Kind.UNTYPED && name.equals(entry.owner) && entry.isPropertyLevel()) {
        writer.name(name);
        Json.writeValue(writer, entry.raw);
        return;
      }
    }
  }

  /**
   * Adds to {@code constraints} each value of the model that could not be typed (a missing or null
   * required property is already reported by {@link Constraints#required}).
   */
  public static void addTo(@Nullable DecodeState state, Constraints constraints) {
    if (state != null) {
      for (Entry entry : state.entries) {
        if (entry.kind == Kind.UNTYPED) {
          constraints.decoding(entry.relativePath(), entry.drift);
        }
      }
    }
  }

  /** Returns every drift of the model's own properties (nested models keep theirs). */
  public List<Drift> drifts() {
    List<Drift> result = new ArrayList<>();
    for (Entry entry : entries) {
      result.add(entry.drift);
    }
    return result;
  }
}
