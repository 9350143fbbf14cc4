package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonClass;
import io.github.dispatchkit.sonorancad.Upload;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * One call's arguments, validated by the generated method that made it: the {@link Operation} and
 * the values of its path, query, body or form. {@link #toHttp} makes the OkHttp request once per
 * call; every attempt sends that same request.
 *
 * <p>Path, query and form values of generated types (open enumerations) are sent as their JSON value,
 * {@code 3} or {@code ENROUTE}, not their {@code toString()}. The JSON body is encoded with the
 * operation's body type. The body of a non-idempotent operation is one-shot, so OkHttp never resends
 * it once sending began.
 *
 * @param <T> the operation's decoded response
 */
public final class ApiRequest<T> {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final Operation<T> operation;
  private final Map<String, Object> path = new LinkedHashMap<>();
  private final List<String[]> query = new ArrayList<>();
  private final List<MultipartBody.Part> parts = new ArrayList<>();
  private @Nullable Object body;
  private @Nullable Type bodyType;

  private ApiRequest(Operation<T> operation) {
    this.operation = operation;
  }

  /**
   * Starts the request of a call of {@code operation}.
   *
   * @param operation the operation's descriptor
   * @param <T> the decoded response
   * @return a request to add the arguments to
   */
  public static <T> ApiRequest<T> of(Operation<T> operation) {
    return new ApiRequest<>(Objects.requireNonNull(operation, "operation == null"));
  }

  /** The operation called. */
  public Operation<T> operation() {
    return operation;
  }

  /**
   * Sets a path parameter.
   *
   * @param name the parameter's name in the operation's path
   * @param value its validated, non-null value
   * @return this request
   */
  public ApiRequest<T> path(String name, Object value) {
    path.put(name, Objects.requireNonNull(value, name));
    return this;
  }

  /**
   * Adds a query parameter unless {@code value} is null.
   *
   * @param name the parameter's name
   * @param value its value, or null to leave it out
   * @return this request
   */
  public ApiRequest<T> query(String name, @Nullable Object value) {
    if (value != null) {
      query.add(new String[] {name, text(value)});
    }
    return this;
  }

  /**
   * Sets the JSON body, encoded as the operation's body type.
   *
   * @param value the validated body
   * @return this request
   */
  public ApiRequest<T> body(Object value) {
    return body(value, Objects.requireNonNull(operation.requestBody(), "no JSON body: " + operation.id()));
  }

  /**
   * Sets the JSON body, encoded as {@code type}: one item of an array body ({@code x-single-body}).
   *
   * @param value the validated body
   * @param type its type
   * @return this request
   */
  public ApiRequest<T> body(Object value, Type type) {
    this.body = Objects.requireNonNull(value, "body");
    this.bodyType = type;
    return this;
  }

  /**
   * Adds a text field of the form unless {@code value} is null.
   *
   * @param name the field's name
   * @param value its value, or null to leave it out
   * @return this request
   */
  public ApiRequest<T> formField(String name, @Nullable Object value) {
    if (value != null) {
      parts.add(MultipartBody.Part.createFormData(name, null, RequestBody.create(text(value), TEXT)));
    }
    return this;
  }

  /**
   * Adds a file of the form unless {@code upload} is null, streamed while sending.
   *
   * @param name the field's name
   * @param upload the file, or null to leave it out
   * @return this request
   */
  public ApiRequest<T> formFile(String name, @Nullable Upload upload) {
    if (upload != null) {
      parts.add(MultipartBody.Part.createFormData(name, upload.fileName(), upload.requestBody()));
    }
    return this;
  }

  /**
   * Returns the OkHttp request below {@code baseUrl}, its body encoded.
   *
   * @param baseUrl the API's base URL, ending in {@code /}
   * @return the request every attempt of the call sends
   */
  Request toHttp(HttpUrl baseUrl) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    for (String segment : operation.segments()) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        Object value = path.get(name);
        if (value == null) {
          throw new IllegalStateException(operation.id() + ": path parameter " + name + " not set");
        }
        String text = text(value);
        if (text.equals(".") || text.equals("..")) {
          // OkHttp would resolve it as a dot segment and send the call, with the key, to another route.
          throw new RequestValidationException(operation.id(),
              List.of(name + " must not be \"" + text + "\": it would change the request's path"));
        }
        url.addPathSegment(text);
      } else {
        url.addPathSegment(segment);
      }
    }
    for (String[] parameter : query) {
      url.addQueryParameter(parameter[0], parameter[1]);
    }
    RequestBody requestBody = null;
    if (body != null) {
      requestBody = RequestBody.create(json(body, bodyType == operation.requestBody()
          ? operation.requestAdapter() : adapter(bodyType)), JSON);
    } else if (operation.multipart()) {
      MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
      parts.forEach(form::addPart);
      requestBody = form.build();
    } else if (!operation.method().equals("GET") && !operation.method().equals("DELETE")) {
      requestBody = RequestBody.create(new byte[0], null);
    }
    if (requestBody != null && !operation.idempotent()) {
      requestBody = new OneShot(requestBody);
    }
    return new Request.Builder().url(url.build()).method(operation.method(), requestBody).build();
  }

  @SuppressWarnings("unchecked") // the body's declared type
  private static JsonAdapter<Object> adapter(@Nullable Type type) {
    return (JsonAdapter<Object>) Json.MOSHI.adapter(Objects.requireNonNull(type));
  }

  private static byte[] json(Object value, JsonAdapter<Object> adapter) {
    Buffer buffer = new Buffer();
    try {
      adapter.toJson(buffer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readByteArray();
  }

  /** Returns a path, query or form value as sent: a generated type's JSON value, else its text. */
  private static String text(Object value) {
    if (value instanceof String || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof java.math.BigDecimal) {
      return ((java.math.BigDecimal) value).toPlainString();
    }
    if (value.getClass().isAnnotationPresent(JsonClass.class)) {
      JsonAdapter<Object> adapter = Json.MOSHI.adapter((Type) value.getClass());
      return String.valueOf(adapter.toJsonValue(value));
    }
    return String.valueOf(value);
  }

  /** A body OkHttp never resends once sending began: that of a non-idempotent operation. */
  private static final class OneShot extends RequestBody {
    private final RequestBody delegate;

    OneShot(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
