package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.RateLimitMode;
import io.github.dispatchkit.sonorancad.RateLimitStore;
import io.github.dispatchkit.sonorancad.RateLimitStore.Acquisition;
import io.github.dispatchkit.sonorancad.RateLimitStore.Limit;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.exception.RateLimitStoreException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.internal.DecodingConverterFactory.BodyDecodingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Invocation;
import retrofit2.Response;

/**
 * Runs one API call: takes a rate-limit permit, sends, maps errors, and retries by this policy.
 *
 * <h2>Retry policy</h2>
 * <ul>
 *   <li>429: retried by every operation, since the gateway rejected it before the API saw it. The
 *       wait is {@code Retry-After} (seconds or HTTP-date), else exponential backoff with jitter
 *       (0.5 s doubling to 8 s, times a random factor in [0.5, 1]). The wait also pauses the
 *       limiter of that key and operation. A wait longer than {@code maxRetryWait} is not slept:
 *       the {@code RateLimitException} is thrown at once.
 *   <li>502, 503, 504 and transport failures (connect, timeout, reset): retried only when the spec
 *       marks the operation {@code x-idempotent} (Set Unit Status). Create Identifier is never resent
 *       once it may have reached the server; its body is one-shot, so OkHttp does not resend it
 *       either.
 *   <li>Everything else is thrown at once. At most {@code maxRetries} retries per call.
 * </ul>
 */
public final class CallExecutor {
  private static final long BACKOFF_BASE_MILLIS = 500;
  private static final long BACKOFF_MAX_MILLIS = 8_000;

  private final String keyFingerprint;
  private final ErrorMapper errorMapper;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxRetries;
  private final Duration maxRetryWait;
  private final RateLimitMode rateLimitMode;
  private final Duration maxRateLimitWait;
  private final @Nullable Duration rateLimitWindow;
  private final RateLimitStore rateLimitStore;
  private final ConcurrentMap<Method, Limited> byMethod = new ConcurrentHashMap<>();

  /**
   * Creates an executor; see the builder of {@code SonoranCadClient} for each setting.
   *
   * @param rateLimitWindow replaces every operation's documented window, or null for the spec's
   * @param rateLimitStore where the permits live
   */
  public CallExecutor(
      String apiKey,
      Clock clock,
      Sleeper sleeper,
      int maxRetries,
      Duration maxRetryWait,
      RateLimitMode rateLimitMode,
      Duration maxRateLimitWait,
      @Nullable Duration rateLimitWindow,
      RateLimitStore rateLimitStore) {
    this.keyFingerprint = RateLimiters.fingerprint(apiKey);
    this.errorMapper = new ErrorMapper(apiKey);
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxRetries = maxRetries;
    this.maxRetryWait = maxRetryWait;
    this.rateLimitMode = rateLimitMode;
    this.maxRateLimitWait = maxRateLimitWait;
    this.rateLimitWindow = rateLimitWindow;
    this.rateLimitStore = rateLimitStore;
  }

  /**
   * Executes {@code call}, a call of a generated interface, and returns its decoded body.
   *
   * @param emptyBody true when the operation documents no response body (the result is then null)
   * @param cancellable the future of an asynchronous call, checked before each attempt; or null
   * @throws io.github.dispatchkit.sonorancad.exception.SonoranCadException on any failure
   */
  <T> T execute(Call<T> call, boolean emptyBody, @Nullable CancellableCall<?> cancellable) {
    return execute(call, emptyBody, cancellable, rateLimitMode);
  }

  /**
   * Like {@link #execute(Call, boolean, CancellableCall)}, waiting for permits by {@code mode}
   * instead of the client's mode: a {@link Coalescer} never lets the executor wait, as it picks what
   * to send only once a permit is free.
   */
  <T> T execute(Call<T> call, boolean emptyBody, @Nullable CancellableCall<?> cancellable, RateLimitMode mode) {
    Limited limited = limitedOf(call);
    SpecOperation operation = limited.operation;
    String id = operation.id();
    Limit limit = limited.limit;

    Call<T> attempt = call;
    for (int retry = 0; ; retry++) {
      if (cancellable != null) {
        cancellable.starting(attempt);
      }
      String permit = acquire(limit, operation, mode);
      Response<T> response;
      try {
        response = attempt.execute();
      } catch (IOException e) {
        backOffOrThrow(operation, retry, e);
        attempt = attempt.clone();
        continue;
      } catch (BodyDecodingException e) {
        throw new InvalidResponseException(id, e.getMessage(), e.snippet);
      } finally {
        release(limit, permit);
      }

      if (response.isSuccessful()) {
        T body = response.body();
        if (body == null && !emptyBody) {
          throw new InvalidResponseException(id, "no body with HTTP " + response.code(), "");
        }
        return body;
      }
      SonoranCadServiceException error;
      try {
        error = errorMapper.map(id, response, clock.instant());
      } catch (IOException e) {
        // The error body broke off: a transport failure like any other.
        backOffOrThrow(operation, retry, e);
        attempt = attempt.clone();
        continue;
      }
      int code = response.code();
      boolean retryable = code == 429
          || (operation.idempotent() && (code == 502 || code == 503 || code == 504));
      if (!retryable) {
        throw error;
      }
      int retriesSoFar = retry;
      Duration wait = error.retryAfter().orElseGet(() -> backoff(retriesSoFar));
      if (code == 429) {
        pause(limit, wait);
      }
      if (retry >= maxRetries || wait.compareTo(maxRetryWait) > 0) {
        throw error;
      }
      sleep(id, wait);
      attempt = attempt.clone();
    }
  }

  /** Returns the window this executor enforces for an operation documenting {@code period}. */
  Duration window(String period) {
    return Duration.ofMillis(rateLimitWindow != null ? rateLimitWindow.toMillis() : Duration.parse(period).toMillis());
  }

  /** Returns the clock of this executor's limits, for a {@link Coalescer}, which paces itself. */
  Clock clock() {
    return clock;
  }

  /** Returns how this executor waits, for a {@link Coalescer}, which waits for permits itself. */
  Sleeper sleeper() {
    return sleeper;
  }

  /** After a transport failure: sleeps before a retry, or throws when the policy allows none. */
  private void backOffOrThrow(SpecOperation operation, int retry, IOException failure) {
    if (!operation.idempotent() || retry >= maxRetries) {
      throw new SonoranCadIoException(operation.id(), failure);
    }
    sleep(operation.id(), backoff(retry));
  }

  /** Takes a permit of {@code limit}, waiting by {@code mode}, and returns it. */
  private String acquire(Limit limit, SpecOperation operation, RateLimitMode mode) {
    long waited = 0;
    while (true) {
      Acquisition acquisition;
      try {
        acquisition = rateLimitStore.tryAcquire(limit, clock);
      } catch (IOException e) {
        throw new RateLimitStoreException(operation.id(), e);
      }
      if (acquisition.granted()) {
        return acquisition.permit();
      }
      long delay = Math.max(1, acquisition.retryAfter().toMillis());
      if (mode == RateLimitMode.FAIL_FAST || waited + delay > maxRateLimitWait.toMillis()) {
        throw new ClientRateLimitException(
            operation.id(), limit.requests() + " per " + limit.window(), Duration.ofMillis(delay));
      }
      sleep(operation.id(), Duration.ofMillis(delay));
      waited += delay;
    }
  }

  /**
   * Returns a permit: its request ended now. A store that cannot be reached frees the slot by itself
   * (a Redis lease); the response is what the caller needs, so the failure is not thrown.
   */
  private void release(Limit limit, String permit) {
    try {
      rateLimitStore.release(limit, permit, clock);
    } catch (IOException e) {
      // Freed by the store's lease; see RateLimitStore#release.
    }
  }

  /** Pauses {@code limit} after a 429, best effort like {@link #release}: the retry acquires anew. */
  private void pause(Limit limit, Duration wait) {
    try {
      rateLimitStore.pause(limit, wait, clock);
    } catch (IOException e) {
      // The retry's acquire reports the store's failure if it persists.
    }
  }

  private void sleep(String operationId, Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SonoranCadIoException(operationId, new InterruptedIOException("interrupted while waiting"));
    }
  }

  /** Exponential backoff for retry {@code retry} (0-based), with jitter. */
  static Duration backoff(int retry) {
    long ceiling = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_BASE_MILLIS << Math.min(retry, 10));
    double factor = 0.5 + ThreadLocalRandom.current().nextDouble() * 0.5;
    return Duration.ofMillis((long) (ceiling * factor));
  }

  /** Returns the spec facts and limiter of {@code call}'s method, looked up once per method. */
  private Limited limitedOf(Call<?> call) {
    Invocation invocation = call.request().tag(Invocation.class);
    if (invocation == null) {
      throw notGenerated(call);
    }
    Limited limited = byMethod.get(invocation.method());
    if (limited == null) {
      SpecOperation operation = invocation.method().getAnnotation(SpecOperation.class);
      if (operation == null) {
        throw notGenerated(call);
      }
      Limit limit = new Limit(
          RateLimiters.limitName(keyFingerprint, operation), operation.rateLimitRequests(),
          window(operation.rateLimitPeriod()));
      limited = new Limited(operation, limit);
      byMethod.putIfAbsent(invocation.method(), limited);
    }
    return limited;
  }

  private static IllegalArgumentException notGenerated(Call<?> call) {
    return new IllegalArgumentException("not a call of a generated interface: " + call.request());
  }

  /**
   * An operation's spec facts and its limit for this executor's key and window. Caching it per
   * method saves parsing the period and building the limit's name on every call.
   */
  private static final class Limited {
    final SpecOperation operation;
    final Limit limit;

    Limited(SpecOperation operation, Limit limit) {
      this.operation = operation;
      this.limit = limit;
    }
  }
}
