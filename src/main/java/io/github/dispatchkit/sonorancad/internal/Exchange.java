package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.Drift;
import java.util.List;
import okhttp3.Headers;
import retrofit2.Response;
import org.jspecify.annotations.Nullable;

/**
 * What the converter learned of one HTTP attempt's success body, for the {@link CallExecutor}: the
 * body text, the drift found, and why the body is unusable if it is. Retrofit runs the converter
 * inside {@code Call.execute()} on the executor's thread, so the attempt in progress is a
 * thread-local; the converter reports through it rather than throwing, so that the executor still
 * has the response's status and headers. Not thread-safe.
 */
final class Exchange {
  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

  /** The whole body as read, unredacted; empty until a converter read one. */
  String body = "";
  /** Every drift found, as reported. */
  List<Drift> drifts = List.of();
  /** Why the body is unusable, redacted; null when usable. */
  @Nullable String problem;
  /** The decoding failure, redacted; or null. */
  @Nullable Throwable cause;
  /** The response, once the executor accepted it. */
  @Nullable Response<?> response;

  private Exchange() {
  }

  /** Starts the attempt of this thread. */
  static Exchange begin() {
    Exchange exchange = new Exchange();
    CURRENT.set(exchange);
    return exchange;
  }

  /** Returns the attempt in progress on this thread, or null outside the executor. */
  static @Nullable Exchange current() {
    return CURRENT.get();
  }

  /** Ends the attempt of this thread. */
  void end() {
    CURRENT.remove();
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
