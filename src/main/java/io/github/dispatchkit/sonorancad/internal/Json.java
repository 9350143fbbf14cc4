package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The one {@link Moshi} instance: generated models bring their own adapters through
 * {@code @JsonClass(generateAdapter = true)}; this adds the types Moshi lacks.
 */
public final class Json {
  /** Shared, thread-safe instance. */
  public static final Moshi MOSHI = new Moshi.Builder()
      .add(new UuidAdapter())
      .add(new DateTimeAdapter())
      .add(new UriAdapter())
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

  /** Reads and writes {@link UUID} as its canonical string. */
  static final class UuidAdapter {
    @ToJson
    String toJson(UUID value) {
      return value.toString();
    }

    @FromJson
    UUID fromJson(String value) {
      try {
        return UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        throw new JsonDataException("Expected a UUID but was " + value);
      }
    }
  }

  /** Reads and writes {@link OffsetDateTime} as ISO-8601 ({@code format: date-time}). */
  static final class DateTimeAdapter {
    @ToJson
    String toJson(OffsetDateTime value) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
    }

    @FromJson
    OffsetDateTime fromJson(String value) {
      try {
        return OffsetDateTime.parse(value);
      } catch (DateTimeParseException e) {
        throw new JsonDataException("Expected an ISO-8601 date-time but was " + value);
      }
    }
  }

  /** Reads and writes {@link URI} as its string ({@code format: uri}). */
  static final class UriAdapter {
    @ToJson
    String toJson(URI value) {
      return value.toString();
    }

    @FromJson
    URI fromJson(String value) {
      try {
        return new URI(value);
      } catch (URISyntaxException e) {
        throw new JsonDataException("Expected a URI but was " + value);
      }
    }
  }
}
