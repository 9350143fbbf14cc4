package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import com.squareup.moshi.internal.NullSafeJsonAdapter;
import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.Drift.Kind;
import io.github.dispatchkit.sonorancad.JsonValue;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link Moshi} instance, tolerant of drifted responses.
 *
 * <p>Generated models bring their own adapters through {@code @JsonClass(generateAdapter = true)};
 * this adds the string formats Moshi lacks ({@code uuid}, {@code date-time}, {@code uri}) and
 * replaces Moshi's strings, numbers, booleans, lists and maps with {@linkplain Tolerant tolerant}
 * adapters: a value of another type is coerced when that loses nothing, else left null, and either
 * way {@linkplain DecodeLog logged}, never thrown. Only JSON that cannot be parsed at all fails.
 *
 * <h2>Coercions</h2>
 * <ul>
 *   <li>a numeric string to a number (to an integer only when integral and in range);
 *   <li>a number to a string (its text; not reported, as Moshi always read it so);
 *   <li>{@code 0}/{@code 1} and {@code "true"}/{@code "false"} to a boolean;
 *   <li>a lone item to a one-element list, a one-element list to its item.
 * </ul>
 * A list item that cannot be typed (or is null) is left out of the list.
 */
public final class Json {
  /** Shared, thread-safe instance. */
  public static final Moshi MOSHI = new Moshi.Builder()
      .add(new JsonAdapter.Factory() { // not a method reference: no lambda to spin up on a client's first call
        @Override
        public @Nullable JsonAdapter<?> create(Type type, java.util.Set<? extends java.lang.annotation.Annotation> annotations,
            Moshi moshi) {
          return tolerant(type, annotations, moshi);
        }
      })
      .build();

  /** The index at the end of an array item's path. */
  private static final Pattern ITEM = Pattern.compile("\\[(\\d{1,9})]$");

  private Json() {
  }

  /** The declared generic type of a generated model's field, for the model's adapter. */
  public static Type propertyType(Class<?> model, String field) {
    try {
      return model.getDeclaredField(field).getGenericType();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("generated model " + model.getName() + " has no field " + field, e);
    }
  }

  /**
   * The adapter of a generated model's property: {@code acceptSingle} (the spec's
   * {@code x-accept-single}) and {@code acceptNumericString} ({@code x-accept-numeric-string}) make
   * those documented forms no drift.
   */
  @SuppressWarnings("unchecked")
  public static <T> JsonAdapter<T> propertyAdapter(Moshi moshi, Class<?> model, String field, boolean acceptSingle,
      boolean acceptNumericString) {
    Type type = propertyType(model, field);
    if (acceptSingle && type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() == List.class) {
      Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
      return (JsonAdapter<T>) new ListAdapter<>(moshi.adapter(item), true);
    }
    if (acceptNumericString) {
      if (type == Integer.class) {
        return (JsonAdapter<T>) WholeNumberAdapter.integers(true);
      }
      if (type == Long.class) {
        return (JsonAdapter<T>) WholeNumberAdapter.longs(true);
      }
      if (type == Double.class) {
        return (JsonAdapter<T>) new DoubleAdapter(true);
      }
    }
    return moshi.adapter(type);
  }

  /** The adapter of a whole response of {@code type}, accepting a lone item for a list when {@code acceptSingle}. */
  static JsonAdapter<?> responseAdapter(Type type, boolean acceptSingle) {
    if (acceptSingle && type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() == List.class) {
      return new ListAdapter<>(MOSHI.adapter(((ParameterizedType) type).getActualTypeArguments()[0]), true);
    }
    return MOSHI.adapter(type);
  }

  /** Returns what {@code adapter} documents, for drift reports: {@code integer}, {@code Unit}... */
  static String expected(JsonAdapter<?> adapter) {
    JsonAdapter<?> unwrapped = adapter instanceof NullSafeJsonAdapter ? ((NullSafeJsonAdapter<?>) adapter).delegate() : adapter;
    return unwrapped instanceof Tolerant ? ((Tolerant<?>) unwrapped).expected() : "value";
  }

  /**
   * Returns the path of the value {@code reader} has just consumed. Moshi's own path has already
   * moved past an array item ({@code $[1]} after item 0); this one names the item read.
   */
  static String lastPath(JsonReader reader) {
    String path = reader.getPath();
    Matcher index = ITEM.matcher(path);
    if (!index.find()) {
      return path; // a member's path, its name kept
    }
    return path.substring(0, index.start()) + "[" + Math.max(0, Integer.parseInt(index.group(1)) - 1) + "]";
  }

  /** Reads the next value whole, numbers kept exact. */
  public static JsonValue readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case NULL:
        reader.nextNull();
        return JsonValue.NULL;
      case BOOLEAN:
        return JsonValue.of(reader.nextBoolean());
      case NUMBER:
        return JsonValue.of(new BigDecimal(reader.nextString()));
      case STRING:
        return JsonValue.of(reader.nextString());
      case BEGIN_ARRAY: {
        List<JsonValue> items = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          items.add(readValue(reader));
        }
        reader.endArray();
        return JsonValue.ofArray(items);
      }
      case BEGIN_OBJECT: {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          members.put(reader.nextName(), readValue(reader));
        }
        reader.endObject();
        return JsonValue.ofObject(members);
      }
      default:
        throw new IllegalStateException("not a value: " + reader.peek() + " at " + reader.getPath());
    }
  }

  /** Writes {@code additional} members after a model's own. */
  public static void writeAdditional(JsonWriter writer, Map<String, JsonValue> additional) throws IOException {
    for (Map.Entry<String, JsonValue> member : additional.entrySet()) {
      if (!member.getValue().isMissing()) {
        writer.name(member.getKey());
        writeValue(writer, member.getValue());
      }
    }
  }

  /** Writes {@code value} as it is, nulls inside included. */
  static void writeValue(JsonWriter writer, JsonValue value) throws IOException {
    boolean serializeNulls = writer.getSerializeNulls();
    writer.setSerializeNulls(true);
    try {
      writer.jsonValue(value.toJava());
    } finally {
      writer.setSerializeNulls(serializeNulls);
    }
  }

  /**
   * Returns {@code adapter} decoding as before this client tolerated drift: any value coerced or
   * not typed, and any required property missing or null, throws a {@link JsonDataException} naming
   * it; unknown properties and enumeration values are kept. For push events, whose data that does
   * not fit is passed on raw.
   */
  public static <T> JsonAdapter<T> strict(JsonAdapter<T> adapter) {
    return new JsonAdapter<T>() {
      @Override
      public @Nullable T fromJson(JsonReader reader) throws IOException {
        DecodeLog log = new DecodeLog("", null);
        reader.setTag(DecodeLog.class, log);
        T value = adapter.fromJson(reader);
        for (Drift drift : log.drifts()) {
          if (drift.kind() == Kind.MISSING) {
            throw new JsonDataException("Required property missing at " + drift.path());
          }
          if (drift.kind() != Kind.UNKNOWN_PROPERTY && drift.kind() != Kind.UNKNOWN_VALUE) {
            throw new JsonDataException(drift.toString());
          }
        }
        return value;
      }

      @Override
      public void toJson(JsonWriter writer, @Nullable T value) throws IOException {
        adapter.toJson(writer, value);
      }
    };
  }

  /** Returns an unmodifiable copy of a builder's additional properties; empty when null. */
  public static Map<String, JsonValue> additional(@Nullable Map<String, JsonValue> builder) {
    return builder == null || builder.isEmpty()
        ? Collections.emptyMap()
        : Collections.unmodifiableMap(new LinkedHashMap<>(builder));
  }

  private static @Nullable JsonAdapter<?> tolerant(Type type, java.util.Set<? extends java.lang.annotation.Annotation> annotations,
      Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    if (type == String.class) {
      return new StringAdapter();
    }
    if (type == Integer.class || type == int.class) {
      return WholeNumberAdapter.integers(false);
    }
    if (type == Long.class || type == long.class) {
      return WholeNumberAdapter.longs(false);
    }
    if (type == Double.class || type == double.class) {
      return new DoubleAdapter(false);
    }
    if (type == Boolean.class || type == boolean.class) {
      return new BooleanAdapter();
    }
    if (type == UUID.class) {
      return new TextAdapter<>("uuid", UUID::fromString, UUID::toString);
    }
    if (type == OffsetDateTime.class) {
      return new TextAdapter<>("date-time", OffsetDateTime::parse, DateTimeFormatter.ISO_OFFSET_DATE_TIME::format);
    }
    if (type == URI.class) {
      return new TextAdapter<>("uri", URI::create, URI::toString);
    }
    Class<?> raw = Types.getRawType(type);
    if (raw == List.class && type instanceof ParameterizedType) {
      return new ListAdapter<>(moshi.adapter(((ParameterizedType) type).getActualTypeArguments()[0]), false);
    }
    if (raw == Map.class && type instanceof ParameterizedType
        && ((ParameterizedType) type).getActualTypeArguments()[0] == String.class) {
      return new MapAdapter<>(moshi.adapter(((ParameterizedType) type).getActualTypeArguments()[1]));
    }
    return null;
  }

  private static @Nullable BigDecimal decimal(JsonValue raw) {
    String text = raw.asString().orElse(null);
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final class StringAdapter extends Tolerant<String> {
    @Override
    protected String expected() {
      return "string";
    }

    /** A number for a string is read as its text, as Moshi always did: not drift. */
    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.STRING || token == JsonReader.Token.NUMBER;
    }

    @Override
    protected String read(JsonReader reader) throws IOException {
      return reader.nextString();
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable String value) throws IOException {
      writer.value(value);
    }
  }

  /**
   * Whole numbers of one Java type ({@code Integer} or {@code Long}): a number with a fraction or out
   * of the type's range cannot be typed.
   */
  private static final class WholeNumberAdapter<T extends Number> extends Tolerant<T> {
    /** Reads the next token as {@code T}, or throws {@link JsonDataException} when it does not fit. */
    interface Next<T> {
      T read(JsonReader reader) throws IOException;
    }

    private final boolean acceptNumericString;
    private final Next<T> next;
    private final Function<BigDecimal, T> exact;

    WholeNumberAdapter(boolean acceptNumericString, Next<T> next, Function<BigDecimal, T> exact) {
      this.acceptNumericString = acceptNumericString;
      this.next = next;
      this.exact = exact;
    }

    static WholeNumberAdapter<Integer> integers(boolean acceptNumericString) {
      return new WholeNumberAdapter<>(acceptNumericString, JsonReader::nextInt, BigDecimal::intValueExact);
    }

    static WholeNumberAdapter<Long> longs(boolean acceptNumericString) {
      return new WholeNumberAdapter<>(acceptNumericString, JsonReader::nextLong, BigDecimal::longValueExact);
    }

    @Override
    protected String expected() {
      return "integer";
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.NUMBER;
    }

    @Override
    protected @Nullable T read(JsonReader reader) throws IOException {
      try {
        return next.read(reader);
      } catch (JsonDataException doesNotFit) {
        return untyped(reader, JsonValue.of(new BigDecimal(reader.nextString())));
      }
    }

    @Override
    protected boolean documented(JsonReader.Token token) {
      return acceptNumericString && token == JsonReader.Token.STRING;
    }

    @Override
    protected @Nullable T coerce(JsonValue raw) {
      BigDecimal number = decimal(raw);
      try {
        return number == null ? null : exact.apply(number);
      } catch (ArithmeticException e) {
        return null;
      }
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable T value) throws IOException {
      writer.value(value);
    }
  }

  private static final class DoubleAdapter extends Tolerant<Double> {
    private final boolean acceptNumericString;

    DoubleAdapter(boolean acceptNumericString) {
      this.acceptNumericString = acceptNumericString;
    }

    @Override
    protected String expected() {
      return "number";
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.NUMBER;
    }

    @Override
    protected Double read(JsonReader reader) throws IOException {
      return reader.nextDouble();
    }

    @Override
    protected boolean documented(JsonReader.Token token) {
      return acceptNumericString && token == JsonReader.Token.STRING;
    }

    @Override
    protected @Nullable Double coerce(JsonValue raw) {
      BigDecimal number = decimal(raw);
      if (number == null) {
        return null;
      }
      double value = number.doubleValue();
      return Double.isInfinite(value) ? null : value;
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Double value) throws IOException {
      writer.value(value);
    }
  }

  private static final class BooleanAdapter extends Tolerant<Boolean> {
    @Override
    protected String expected() {
      return "boolean";
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.BOOLEAN;
    }

    @Override
    protected Boolean read(JsonReader reader) throws IOException {
      return reader.nextBoolean();
    }

    @Override
    protected @Nullable Boolean coerce(JsonValue raw) {
      BigDecimal number = raw.asNumber().orElse(null);
      if (number != null) {
        return number.compareTo(BigDecimal.ZERO) == 0 ? Boolean.FALSE
            : number.compareTo(BigDecimal.ONE) == 0 ? Boolean.TRUE : null;
      }
      String text = raw.asString().orElse("");
      return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Boolean value) throws IOException {
      writer.value(value);
    }
  }

  /** A value sent as a JSON string: parsed on the way in, formatted on the way out. */
  private static final class TextAdapter<T> extends Tolerant<T> {
    private final String expected;
    private final Function<String, T> parse;
    private final Function<T, String> format;

    TextAdapter(String expected, Function<String, T> parse, Function<T, String> format) {
      this.expected = expected;
      this.parse = parse;
      this.format = format;
    }

    @Override
    protected String expected() {
      return expected;
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.STRING;
    }

    @Override
    protected @Nullable T read(JsonReader reader) throws IOException {
      String text = reader.nextString();
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        return untyped(reader, JsonValue.of(text));
      }
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable T value) throws IOException {
      writer.value(value == null ? null : format.apply(value));
    }
  }

  /**
   * A list: items that cannot be typed are left out and logged; a lone item is read as a
   * one-element list, logged unless the spec documents it ({@code x-accept-single}).
   */
  static final class ListAdapter<T> extends Tolerant<List<T>> {
    private final JsonAdapter<T> item;
    private final boolean acceptSingle;

    ListAdapter(JsonAdapter<T> item, boolean acceptSingle) {
      this.item = item;
      this.acceptSingle = acceptSingle;
    }

    @Override
    protected String expected() {
      return "array of " + Json.expected(item);
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.BEGIN_ARRAY;
    }

    @Override
    protected List<T> read(JsonReader reader) throws IOException {
      List<T> items = new ArrayList<>();
      reader.beginArray();
      while (reader.hasNext()) {
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.nextNull();
          DecodeLog.of(reader).add(lastPath(reader), Kind.UNTYPED, Json.expected(item), JsonValue.NULL);
          continue;
        }
        T value = item.fromJson(reader);
        if (value != null) { // else the item's adapter logged why
          items.add(value);
        }
      }
      reader.endArray();
      return items;
    }

    @Override
    protected @Nullable List<T> drifted(JsonReader reader, JsonReader.Token token) throws IOException {
      DecodeLog log = DecodeLog.of(reader);
      String path = reader.getPath();
      JsonReader fork = reader.peekJson();
      fork.setTag(DecodeLog.class, log);
      T value = item.fromJson(fork);
      if (value == null) { // the item's adapter logged it as untyped
        reader.skipValue();
        return null;
      }
      JsonValue raw = readValue(reader);
      if (!acceptSingle) {
        log.add(path, Kind.COERCED, expected(), raw);
      }
      return Collections.singletonList(value);
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable List<T> value) throws IOException {
      if (value == null) {
        writer.nullValue();
        return;
      }
      writer.beginArray();
      for (T each : value) {
        item.toJson(writer, each);
      }
      writer.endArray();
    }
  }

  /** A map of string keys: a member whose value cannot be typed (or is null) is left out and logged. */
  private static final class MapAdapter<V> extends Tolerant<Map<String, V>> {
    private final JsonAdapter<V> value;

    MapAdapter(JsonAdapter<V> value) {
      this.value = value;
    }

    @Override
    protected String expected() {
      return "object";
    }

    @Override
    protected boolean typed(JsonReader.Token token) {
      return token == JsonReader.Token.BEGIN_OBJECT;
    }

    @Override
    protected Map<String, V> read(JsonReader reader) throws IOException {
      Map<String, V> members = new LinkedHashMap<>();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.nextNull();
          DecodeLog.of(reader).add(lastPath(reader), Kind.UNTYPED, Json.expected(value), JsonValue.NULL);
          continue;
        }
        V member = value.fromJson(reader);
        if (member != null) {
          members.put(name, member);
        }
      }
      reader.endObject();
      return members;
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Map<String, V> map) throws IOException {
      if (map == null) {
        writer.nullValue();
        return;
      }
      writer.beginObject();
      for (Map.Entry<String, V> member : map.entrySet()) {
        writer.name(member.getKey());
        value.toJson(writer, member.getValue());
      }
      writer.endObject();
    }
  }
}
