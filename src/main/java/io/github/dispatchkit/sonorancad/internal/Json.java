package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * The one {@link Moshi} instance: generated models bring their own adapters through
 * {@code @JsonClass(generateAdapter = true)}; this adds the types Moshi lacks.
 */
public final class Json {
  /** Shared, thread-safe instance. */
  public static final Moshi MOSHI = new Moshi.Builder().add(new UuidAdapter()).build();

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
}
