package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link Moshi} instance: generated models bring their own adapters through
 * {@code @JsonClass(generateAdapter = true)}; this adds the string formats Moshi lacks
 * ({@code uuid}, {@code date-time}, {@code uri}).
 */
public final class Json {
  /** Shared, thread-safe instance. */
  public static final Moshi MOSHI = new Moshi.Builder()
      .add(UUID.class, new TextAdapter<>("a UUID", UUID::fromString, UUID::toString))
      .add(OffsetDateTime.class, new TextAdapter<>("an ISO-8601 date-time", OffsetDateTime::parse,
          DateTimeFormatter.ISO_OFFSET_DATE_TIME::format))
      .add(URI.class, new TextAdapter<>("a URI", URI::create, URI::toString))
      .build();

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

  /** The item type of a {@code List<T>} type. */
  public static Type elementType(Type listType) {
    return ((ParameterizedType) listType).getActualTypeArguments()[0];
  }

  /**
   * A value sent as a JSON string: parsed on the way in (a parse failure is a bad response, a
   * {@link JsonDataException}), formatted on the way out. Null-safe.
   */
  private static final class TextAdapter<T> extends JsonAdapter<T> {
    private final String expected;
    private final Function<String, T> parse;
    private final Function<T, String> format;

    TextAdapter(String expected, Function<String, T> parse, Function<T, String> format) {
      this.expected = expected;
      this.parse = parse;
      this.format = format;
    }

    @Override
    public @Nullable T fromJson(JsonReader reader) throws IOException {
      if (reader.peek() == JsonReader.Token.NULL) {
        return reader.nextNull();
      }
      String text = reader.nextString();
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        throw new JsonDataException("Expected " + expected + " but was " + text + " at " + reader.getPath());
      }
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable T value) throws IOException {
      if (value == null) {
        writer.nullValue();
      } else {
        writer.value(format.apply(value));
      }
    }
  }
}
