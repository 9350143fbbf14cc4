package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.dispatchkit.sonorancad.Drift;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Headers;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt's success response as the {@link CallExecutor} read it: status, headers, the whole
 * body text, and what decoding made of it: the value, the drift found, and why the body is unusable
 * if it is (empty, not JSON, JSON null, or nothing typed at the top). Decoding goes through
 * {@link Json}'s tolerant adapters with a {@link DecodeLog} naming the operation; it never throws, so
 * the executor can report an unusable body with the status and headers it came with.
 */
final class Exchange {
  final int code;
  final Headers headers;
  /** The whole body as read, unredacted. */
  private final byte[] bytes;
  private @Nullable String text;
  /** The decoded value; null when unusable or when the operation documents no body. */
  final @Nullable Object value;
  /** Every drift found, as reported. */
  final List<Drift> drifts;
  /** Why the body is unusable, redacted; null when usable. */
  final @Nullable String problem;
  /** The decoding failure, redacted; or null. */
  final @Nullable Throwable cause;

  private Exchange(int code, Headers headers, byte[] bytes, @Nullable Object value, List<Drift> drifts,
      @Nullable String problem, @Nullable Throwable cause) {
    this.code = code;
    this.headers = headers;
    this.bytes = bytes;
    this.value = value;
    this.drifts = drifts;
    this.problem = problem;
    this.cause = cause;
  }

  /** The whole body as text, unredacted; made on first use, as a success needs none. */
  String body() {
    String body = text;
    if (body == null) {
      body = new String(bytes, StandardCharsets.UTF_8);
      text = body;
    }
    return body;
  }

  /** Decodes a success body of {@code operation}. */
  static Exchange decode(Operation<?> operation, int code, Headers headers, byte[] bytes, ApiKey apiKey) {
    switch (operation.response()) {
      case NONE:
        return new Exchange(code, headers, bytes, null, List.of(), null, null);
      case OPTIONAL:
        if (blank(bytes) || new String(bytes, StandardCharsets.UTF_8).strip().equals("{}")) {
          return new Exchange(code, headers, bytes, null, List.of(), null, null); // nothing to read
        }
        break;
      default:
        break;
    }
    return decode(operation.id(), operation.responseAdapter(), code, headers, bytes, apiKey);
  }

  /** Decodes {@code bytes} with {@code adapter}; the result's {@link #problem} says if it is unusable. */
  static Exchange decode(String operationId, JsonAdapter<?> adapter, int code, Headers headers, byte[] bytes,
      ApiKey apiKey) {
    if (blank(bytes)) {
      return new Exchange(code, headers, bytes, null, List.of(), "empty body", null);
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
      return new Exchange(code, headers, bytes, null, List.of(),
          "not JSON: " + apiKey.redact(String.valueOf(e.getMessage())), redacted(e, apiKey));
    }
    log.claim(0);
    List<Drift> drifts = log.drifts();
    if (value == null) {
      return new Exchange(code, headers, bytes, null, List.of(), drifts.isEmpty() ? "JSON null"
          : "wrong shape at the top: " + drifts.get(drifts.size() - 1), null);
    }
    return new Exchange(code, headers, bytes, value, drifts, null, null);
  }

  /** Whether {@code bytes} hold nothing but JSON whitespace. */
  private static boolean blank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code failure} with the key redacted from its message, its stack trace kept, no further cause. */
  private static Throwable redacted(Throwable failure, ApiKey apiKey) {
    if (failure instanceof IOException) {
      return apiKey.redactFailure((IOException) failure);
    }
    IOException copy = new IOException(apiKey.redact(failure.toString()));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /** Returns {@code headers} with the key redacted from every value. */
  static Headers redact(Headers headers, ApiKey apiKey) {
    Headers.Builder redacted = new Headers.Builder();
    for (int i = 0; i < headers.size(); i++) {
      redacted.addUnsafeNonAscii(headers.name(i), apiKey.redact(headers.value(i)));
    }
    return redacted.build();
  }
}
