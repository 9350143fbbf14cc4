package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonClass;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.http.Part;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Moshi conversion that keeps transport and decoding failures apart: the body is read whole first
 * (an {@link IOException} there is the network's), then decoded, and any decoding failure becomes a
 * {@link BodyDecodingException} carrying a redacted snippet.
 */
final class DecodingConverterFactory extends Converter.Factory {
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final MoshiConverterFactory moshi = MoshiConverterFactory.create(Json.MOSHI);
  private final String apiKey;

  DecodingConverterFactory(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> delegate = moshi.responseBodyConverter(type, annotations, retrofit);
    return body -> {
      byte[] bytes;
      try (body) {
        bytes = body.bytes();
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw new BodyDecodingException("empty body", "");
      }
      Object value;
      try {
        value = delegate.convert(ResponseBody.create(bytes, body.contentType()));
      } catch (IOException | RuntimeException e) {
        // The cause is dropped: its message may quote the body, which is only kept redacted.
        throw new BodyDecodingException(
            Snippet.of(String.valueOf(e.getMessage()), apiKey), Snippet.of(text, apiKey));
      }
      if (value == null) {
        throw new BodyDecodingException("JSON null", Snippet.of(text, apiKey));
      }
      return value;
    };
  }

  /**
   * Query and path values of generated types (open enumerations) are sent as their JSON value,
   * {@code 3} or {@code ENROUTE}, not their {@code toString()}.
   */
  @Override
  public @Nullable Converter<?, String> stringConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
    if (!(type instanceof Class) || !((Class<?>) type).isAnnotationPresent(JsonClass.class)) {
      return null;
    }
    JsonAdapter<Object> adapter = Json.MOSHI.adapter(type);
    return value -> String.valueOf(adapter.toJsonValue(value));
  }

  /** JSON bodies through Moshi; multipart form fields as their plain text value, not JSON. */
  @Override
  public Converter<?, RequestBody> requestBodyConverter(
      Type type, Annotation[] parameterAnnotations, Annotation[] methodAnnotations, Retrofit retrofit) {
    for (Annotation annotation : parameterAnnotations) {
      if (annotation instanceof Part) {
        JsonAdapter<Object> adapter = Json.MOSHI.adapter(type);
        return value -> RequestBody.create(String.valueOf(adapter.toJsonValue(value)), TEXT);
      }
    }
    return moshi.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
  }

  /** A success body that could not be decoded; mapped to {@code InvalidResponseException}. */
  static final class BodyDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String snippet;

    BodyDecodingException(String problem, String snippet) {
      super(problem);
      this.snippet = snippet;
    }
  }
}
