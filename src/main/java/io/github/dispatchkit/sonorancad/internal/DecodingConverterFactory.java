package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonClass;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.dispatchkit.sonorancad.Drift;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.http.Part;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Tolerant Moshi conversion that keeps transport and decoding failures apart: the body is read whole
 * first (an {@link IOException} there is the network's), then decoded through {@link Json}'s tolerant
 * adapters with a {@link DecodeLog} naming the operation (from the method's {@link SpecOperation}).
 *
 * <p>Within a {@link CallExecutor} attempt the body text, the drift found, and why a body is unusable
 * (empty, not JSON, JSON null, or nothing typed at the top) go to the attempt's {@link Exchange},
 * and an unusable body converts to null; the executor turns that into an
 * {@code InvalidResponseException} carrying the status and headers. Outside one, an unusable body
 * throws a {@link BodyDecodingException}. A list response also takes a lone item, documented (the
 * operation's {@code x-accept-single}) or reported as drift.
 */
final class DecodingConverterFactory extends Converter.Factory {
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final MoshiConverterFactory moshi = MoshiConverterFactory.create(Json.MOSHI);
  private final ApiKey apiKey;

  DecodingConverterFactory(ApiKey apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    SpecOperation operation = null;
    for (Annotation annotation : annotations) {
      if (annotation instanceof SpecOperation) {
        operation = (SpecOperation) annotation;
      }
    }
    String operationId = operation == null ? "" : operation.id();
    JsonAdapter<?> adapter = Json.responseAdapter(type, operation != null && operation.acceptSingle());
    boolean optional = operation != null && operation.optionalResponse();
    return body -> {
      byte[] bytes;
      try (body) {
        bytes = body.bytes();
      }
      Exchange exchange = Exchange.current();
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (exchange != null) {
        exchange.body = text;
      }
      if (optional && (text.isBlank() || text.strip().equals("{}"))) {
        return null; // the operation documents no response: nothing to read
      }
      if (text.isBlank()) {
        return unusable(exchange, "empty body", null, text);
      }
      DecodeLog log = new DecodeLog(operationId, apiKey);
      Object value;
      try {
        JsonReader reader = JsonReader.of(new Buffer().write(bytes));
        reader.setTag(DecodeLog.class, log);
        value = adapter.fromJson(reader);
        if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
          throw new JsonEncodingException("more than one JSON value at " + reader.getPath());
        }
      } catch (IOException | RuntimeException e) {
        return unusable(exchange, "not JSON: " + apiKey.redact(String.valueOf(e.getMessage())), redacted(e), text);
      }
      log.claim(0);
      List<Drift> drifts = log.drifts();
      if (value == null) {
        return unusable(exchange, drifts.isEmpty() ? "JSON null"
            : "wrong shape at the top: " + drifts.get(drifts.size() - 1), null, text);
      }
      if (exchange != null) {
        exchange.drifts = drifts;
      }
      return value;
    };
  }

  /** Reports an unusable body to the attempt and returns null; throws outside one. */
  private @Nullable Object unusable(@Nullable Exchange exchange, String problem, @Nullable Throwable cause, String text) {
    if (exchange == null) {
      throw new BodyDecodingException(problem, Snippet.of(text, apiKey));
    }
    exchange.problem = problem;
    exchange.cause = cause;
    return null;
  }

  /** Returns {@code failure} with the key redacted from its message, its stack trace kept, no further cause. */
  private Throwable redacted(Throwable failure) {
    if (failure instanceof IOException) {
      return apiKey.redactFailure((IOException) failure);
    }
    IOException copy = new IOException(apiKey.redact(failure.toString()));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
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

  /** A success body that could not be decoded, outside a {@link CallExecutor} attempt. */
  static final class BodyDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String snippet;

    BodyDecodingException(String problem, String snippet) {
      super(problem);
      this.snippet = snippet;
    }
  }
}
