package io.github.dispatchkit.sonorancad;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Observes the calls of a client: each call, the rate-limit permit waits, every HTTP attempt and its
 * response, 429s and retries, each with the spec's operation ID (such as {@code setUnitStatus}).
 * Set one with {@link SonoranCadClient.Builder#listener}; every method does nothing by default.
 *
 * <p>For one call, events come in this order on the calling thread (the worker thread of an
 * {@code ...Async} call): {@link #callStart}; then per attempt {@link #permitWaitStart} and
 * {@link #permitWaitEnd} if no permit was free, {@link #requestStart}, and either
 * {@link #requestFailed} or {@link #responseReceived} (followed by {@link #rateLimited} for a 429,
 * or {@link #responseDrift} for a success response that drifted from the spec);
 * {@link #retry} before each further attempt; and last {@link #callEnd} or {@link #callFailed}.
 * Arguments invalid by the spec fail before {@code callStart}, and are not reported.
 *
 * <p>No argument ever holds the API key: URLs carry none, and failures are redacted as the
 * exceptions thrown to callers are. Durations are measured on the client's {@link
 * SonoranCadClient.Builder#clock clock}. Implementations must be thread-safe and quick (they run
 * inside the call), and should not throw: an exception thrown here ends the call with it.
 *
 * <p>Optional implementations: {@code io.github.dispatchkit.sonorancad.logging.Slf4jCallListener}
 * (needs {@code org.slf4j:slf4j-api}) and {@code
 * io.github.dispatchkit.sonorancad.metrics.MicrometerCallListener} (needs {@code
 * io.micrometer:micrometer-core}); combine several with {@link #all}.
 */
public interface CallListener {
  /** A listener that ignores every event: the default. */
  CallListener NONE = new CallListener() {
  };

  /** Why an attempt is retried. */
  enum RetryReason {
    /** The server answered 429 Too Many Requests. */
    RATE_LIMITED,
    /** The server answered 502, 503 or 504 to an idempotent operation. */
    SERVER_UNAVAILABLE,
    /** The request or response failed in transport (connect, timeout, reset) on an idempotent operation. */
    TRANSPORT_FAILURE
  }

  /** A validated call is about to take its first permit. */
  default void callStart(String operationId) {
  }

  /** No permit was free: the call now waits about {@code expected} for one. */
  default void permitWaitStart(String operationId, Duration expected) {
  }

  /**
   * The wait that {@link #permitWaitStart} reported ended after {@code waited}: with a permit, or
   * not when the next one was further away than the configured maximum wait.
   */
  default void permitWaitEnd(String operationId, Duration waited, boolean acquired) {
  }

  /** Attempt {@code attempt} (1 for the first) is being sent, with a permit of its own. */
  default void requestStart(String operationId, int attempt, String method, HttpUrl url) {
  }

  /** The server answered attempt {@code attempt} with {@code statusCode}, {@code elapsed} after it was sent. */
  default void responseReceived(String operationId, int attempt, int statusCode, Duration elapsed) {
  }

  /**
   * The success response of the call differs from the spec at each of {@code drifts}:
   * values coerced, values that could not be typed (their accessors throw), unknown properties and
   * enumeration values. Called once per response, after {@link #responseReceived}; in strict mode
   * the call then fails. The received values are redacted.
   */
  default void responseDrift(String operationId, List<Drift> drifts) {
  }

  /** Attempt {@code attempt} failed in transport; {@code failure}'s message holds no key. */
  default void requestFailed(String operationId, int attempt, IOException failure, Duration elapsed) {
  }

  /**
   * The server answered 429 to attempt {@code attempt}, asking to wait {@code retryAfter} when it
   * sent {@code Retry-After}. The operation's limiter is paused as long.
   */
  default void rateLimited(String operationId, int attempt, Optional<Duration> retryAfter) {
  }

  /** Attempt {@code nextAttempt} will be sent after waiting {@code wait}, because of {@code reason}. */
  default void retry(String operationId, int nextAttempt, RetryReason reason, Duration wait) {
  }

  /** The call succeeded, {@code elapsed} after {@link #callStart}, waits and retries included. */
  default void callEnd(String operationId, Duration elapsed) {
  }

  /**
   * The call failed with {@code failure}, the exception its caller gets (a {@code
   * SonoranCadException}, or a {@link java.util.concurrent.CancellationException} for a cancelled
   * async call), {@code elapsed} after {@link #callStart}.
   */
  default void callFailed(String operationId, RuntimeException failure, Duration elapsed) {
  }

  /** Returns a listener that passes every event to each of {@code listeners}, in order. */
  static CallListener all(CallListener... listeners) {
    List<CallListener> each = List.of(listeners);
    each.forEach(listener -> Objects.requireNonNull(listener, "listener == null"));
    return new CallListener() {
      @Override
      public void callStart(String operationId) {
        each.forEach(l -> l.callStart(operationId));
      }

      @Override
      public void permitWaitStart(String operationId, Duration expected) {
        each.forEach(l -> l.permitWaitStart(operationId, expected));
      }

      @Override
      public void permitWaitEnd(String operationId, Duration waited, boolean acquired) {
        each.forEach(l -> l.permitWaitEnd(operationId, waited, acquired));
      }

      @Override
      public void requestStart(String operationId, int attempt, String method, HttpUrl url) {
        each.forEach(l -> l.requestStart(operationId, attempt, method, url));
      }

      @Override
      public void responseReceived(String operationId, int attempt, int statusCode, Duration elapsed) {
        each.forEach(l -> l.responseReceived(operationId, attempt, statusCode, elapsed));
      }

      @Override
      public void responseDrift(String operationId, List<Drift> drifts) {
        each.forEach(l -> l.responseDrift(operationId, drifts));
      }

      @Override
      public void requestFailed(String operationId, int attempt, IOException failure, Duration elapsed) {
        each.forEach(l -> l.requestFailed(operationId, attempt, failure, elapsed));
      }

      @Override
      public void rateLimited(String operationId, int attempt, Optional<Duration> retryAfter) {
        each.forEach(l -> l.rateLimited(operationId, attempt, retryAfter));
      }

      @Override
      public void retry(String operationId, int nextAttempt, RetryReason reason, Duration wait) {
        each.forEach(l -> l.retry(operationId, nextAttempt, reason, wait));
      }

      @Override
      public void callEnd(String operationId, Duration elapsed) {
        each.forEach(l -> l.callEnd(operationId, elapsed));
      }

      @Override
      public void callFailed(String operationId, RuntimeException failure, Duration elapsed) {
        each.forEach(l -> l.callFailed(operationId, failure, elapsed));
      }
    };
  }
}
