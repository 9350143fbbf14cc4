package io.github.dispatchkit.sonorancad;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value as the server sent it: the raw view of a model property ({@code _identId()}) and the
 * values of {@code additionalProperties()}.
 *
 * <p>One of the {@link Kind kinds}; {@link Kind#MISSING} stands for a property that was not sent.
 * Numbers keep their exact text (a Roblox ID past 2^53 is not rounded). {@link #toString()} gives
 * compact JSON ({@code ""} for a missing value). Immutable and thread-safe; {@link #equals} compares
 * values, numbers numerically.
 */
public final class JsonValue {
  /** A property that was not sent. */
  public static final JsonValue MISSING = new JsonValue(Kind.MISSING, null);
  /** JSON {@code null}. */
  public static final JsonValue NULL = new JsonValue(Kind.NULL, null);

  private static final JsonValue TRUE = new JsonValue(Kind.BOOLEAN, Boolean.TRUE);
  private static final JsonValue FALSE = new JsonValue(Kind.BOOLEAN, Boolean.FALSE);

  /** The kinds of JSON value, plus {@link #MISSING}. */
  public enum Kind {
    /** Not sent at all. */
    MISSING,
    /** {@code null}. */
    NULL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A number. */
    NUMBER,
    /** A string. */
    STRING,
    /** An array. */
    ARRAY,
    /** An object. */
    OBJECT
  }

  private final Kind kind;
  /** Boolean, BigDecimal, String, an unmodifiable List of JsonValue or Map of String to JsonValue. */
  private final @Nullable Object value;

  private JsonValue(Kind kind, @Nullable Object value) {
    this.kind = kind;
    this.value = value;
  }

  /** Returns {@code true} or {@code false}. */
  public static JsonValue of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** Returns a number; {@code value} must be finite. */
  public static JsonValue of(Number value) {
    Objects.requireNonNull(value, "value == null");
    return new JsonValue(Kind.NUMBER, value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString()));
  }

  /** Returns a string. */
  public static JsonValue of(String value) {
    return new JsonValue(Kind.STRING, Objects.requireNonNull(value, "value == null"));
  }

  /** Returns an array of {@code items}, copied. */
  public static JsonValue ofArray(List<JsonValue> items) {
    List<JsonValue> copy = new ArrayList<>(items.size());
    for (JsonValue item : items) {
      copy.add(Objects.requireNonNull(item, "item == null"));
    }
    return new JsonValue(Kind.ARRAY, Collections.unmodifiableList(copy));
  }

  /** Returns an object of {@code members}, copied in their order. */
  public static JsonValue ofObject(Map<String, JsonValue> members) {
    Map<String, JsonValue> copy = new LinkedHashMap<>();
    members.forEach((name, member) -> copy.put(
        Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(member, "member == null")));
    return new JsonValue(Kind.OBJECT, Collections.unmodifiableMap(copy));
  }

  /**
   * Returns the value of a plain Java structure as Moshi and Jackson produce it: null, {@link Boolean},
   * {@link Number}, {@link String}, {@link List} and {@link Map} with string keys, or a JsonValue.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static JsonValue from(@Nullable Object java) {
    if (java == null) {
      return NULL;
    }
    if (java instanceof JsonValue) {
      return (JsonValue) java;
    }
    if (java instanceof Boolean) {
      return of((Boolean) java);
    }
    if (java instanceof Number) {
      return of((Number) java);
    }
    if (java instanceof String) {
      return of((String) java);
    }
    if (java instanceof List) {
      List<JsonValue> items = new ArrayList<>();
      for (Object item : (List<?>) java) {
        items.add(from(item));
      }
      return new JsonValue(Kind.ARRAY, Collections.unmodifiableList(items));
    }
    if (java instanceof Map) {
      Map<String, JsonValue> members = new LinkedHashMap<>();
      for (Map.Entry<?, ?> member : ((Map<?, ?>) java).entrySet()) {
        members.put(String.valueOf(member.getKey()), from(member.getValue()));
      }
      return new JsonValue(Kind.OBJECT, Collections.unmodifiableMap(members));
    }
    throw new IllegalArgumentException("not a JSON value: " + java.getClass().getName());
  }

  /** Returns the kind of this value. */
  public Kind kind() {
    return kind;
  }

  /** Returns true when the property was not sent. */
  public boolean isMissing() {
    return kind == Kind.MISSING;
  }

  /** Returns true for JSON {@code null}. */
  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** Returns the boolean, or empty when this is not one. */
  public Optional<Boolean> asBoolean() {
    return kind == Kind.BOOLEAN ? Optional.of((Boolean) value) : Optional.empty();
  }

  /** Returns the number, exactly as sent, or empty when this is not one. */
  public Optional<BigDecimal> asNumber() {
    return kind == Kind.NUMBER ? Optional.of((BigDecimal) value) : Optional.empty();
  }

  /** Returns the string, or empty when this is not one. */
  public Optional<String> asString() {
    return kind == Kind.STRING ? Optional.of((String) value) : Optional.empty();
  }

  /** Returns the items of an array (unmodifiable), or empty when this is not one. */
  @SuppressWarnings("unchecked")
  public Optional<List<JsonValue>> asArray() {
    return kind == Kind.ARRAY ? Optional.of((List<JsonValue>) value) : Optional.empty();
  }

  /** Returns the members of an object (unmodifiable, in received order), or empty when this is not one. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, JsonValue>> asObject() {
    return kind == Kind.OBJECT ? Optional.of((Map<String, JsonValue>) value) : Optional.empty();
  }

  /**
   * Returns this value as a plain Java structure (null, Boolean, BigDecimal, String, List, Map),
   * which Moshi writes back as the same JSON; null for {@link #MISSING} too.
   */
  public @Nullable Object toJava() {
    switch (kind) {
      case ARRAY: {
        List<@Nullable Object> items = new ArrayList<>();
        asArray().orElseThrow().forEach(item -> items.add(item.toJava()));
        return items;
      }
      case OBJECT: {
        Map<String, @Nullable Object> members = new LinkedHashMap<>();
        asObject().orElseThrow().forEach((name, member) -> members.put(name, member.toJava()));
        return members;
      }
      default:
        return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof JsonValue)) {
      return false;
    }
    JsonValue that = (JsonValue) other;
    if (kind != that.kind) {
      return false;
    }
    if (kind == Kind.NUMBER) {
      return ((BigDecimal) value).compareTo((BigDecimal) that.value) == 0;
    }
    return Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return kind == Kind.NUMBER ? ((BigDecimal) value).stripTrailingZeros().hashCode() : Objects.hash(kind, value);
  }

  /** Returns compact JSON, such as {@code {"identId":"42"}}; {@code ""} for {@link #MISSING}. */
  @Override
  public String toString() {
    StringBuilder json = new StringBuilder();
    write(json);
    return json.toString();
  }

  private void write(StringBuilder json) {
    switch (kind) {
      case MISSING:
        return;
      case NULL:
        json.append("null");
        return;
      case BOOLEAN:
      case NUMBER:
        json.append(value);
        return;
      case STRING:
        quote(json, (String) value);
        return;
      case ARRAY: {
        json.append('[');
        String separator = "";
        for (JsonValue item : asArray().orElseThrow()) {
          json.append(separator);
          item.write(json);
          separator = ",";
        }
        json.append(']');
        return;
      }
      default: {
        json.append('{');
        String separator = "";
        for (Map.Entry<String, JsonValue> member : asObject().orElseThrow().entrySet()) {
          json.append(separator);
          quote(json, member.getKey());
          json.append(':');
          member.getValue().write(json);
          separator = ",";
        }
        json.append('}');
      }
    }
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
