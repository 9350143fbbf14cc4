package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.CallListener;
import io.github.dispatchkit.sonorancad.CallListener.RetryReason;
import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Acquisition;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Limit;
import io.github.dispatchkit.sonorancad.RawResponse;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.exception.RateLimitStoreException;
import io.github.dispatchkit.sonorancad.exception.ResponseTooLargeException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okio.Timeout;
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
 *       limiter of that key and operation, for at most {@code maxRetryWait}: a server cannot pause
 *       the key longer than the client would wait. A wait longer than {@code maxRetryWait} is not
 *       slept: the {@code RateLimitException} is thrown at once. Every {@code Retry-After}, however
 *       large or malformed, is read by {@link RetryAfter} as a bounded delay or none.
 *   <li>502, 503, 504 and transport failures (connect, timeout, reset): retried only when the spec
 *       marks the operation {@code x-idempotent} (Set Unit Status). Create Identifier is never resent
 *       once it may have reached the server; its body is one-shot, so OkHttp does not resend it
 *       either. A failed TLS handshake is not retried: it would fail the same way.
 *   <li>Everything else is thrown at once, 3xx included (redirects are not followed). At most
 *       {@code maxRetries} retries per call.
 * </ul>
 *
 * <h2>Deadline</h2>
 * {@code callTimeout} bounds the whole call: permit waits, every attempt and every retry wait. A
 * permit wait or a retry wait that would pass it throws at once, as one above its own cap does;
 * each attempt's OkHttp timeout is cut to what remains, so a server trickling its answer cannot
 * stretch the call over several attempt timeouts.
 *
 * <p>Every step is reported to the {@link CallListener}, in the order its Javadoc gives.
 */
public final class CallExecutor {
  private static final long BACKOFF_BASE_MILLIS = 500;
  private static final long BACKOFF_MAX_MILLIS = 8_000;
  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private final ApiKey apiKey;
  private final ErrorMapper errorMapper;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxRetries;
  private final Duration maxRetryWait;
  private final Duration callTimeout;
  private final RateLimitMode rateLimitMode;
  private final Duration maxRateLimitWait;
  private final @Nullable Duration rateLimitWindow;
  private final RateLimitStore rateLimitStore;
  private final CallListener listener;
  private final boolean strictResponses;
  private final ConcurrentMap<Method, Limited> byMethod = new ConcurrentHashMap<>();

  /**
   * Creates an executor; see the builder of {@code SonoranCadClient} for each setting.
   *
   * @param rateLimitWindow replaces every operation's documented window, or null for the spec's
   * @param rateLimitStore where the permits live
   * @param strictResponses fail a call on any drift of its response from the spec
   */
  public CallExecutor(
      ApiKey apiKey,
      Clock clock,
      Sleeper sleeper,
      int maxRetries,
      Duration maxRetryWait,
      Duration callTimeout,
      RateLimitMode rateLimitMode,
      Duration maxRateLimitWait,
      @Nullable Duration rateLimitWindow,
      RateLimitStore rateLimitStore,
      CallListener listener,
      boolean strictResponses) {
    this.apiKey = apiKey;
    this.errorMapper = new ErrorMapper(apiKey);
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxRetries = maxRetries;
    this.maxRetryWait = maxRetryWait;
    this.callTimeout = callTimeout;
    this.rateLimitMode = rateLimitMode;
    this.maxRateLimitWait = maxRateLimitWait;
    this.rateLimitWindow = rateLimitWindow;
    this.rateLimitStore = rateLimitStore;
    this.listener = listener;
    this.strictResponses = strictResponses;
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
    @SuppressWarnings("unchecked") // the response of call
    T body = (T) run(call, emptyBody, cancellable, mode).response.body();
    return body;
  }

  /**
   * Like {@link #execute(Call, boolean, CancellableCall)}, returning the response as received with
   * its decoded body, its headers and body text redacted.
   */
  <T> RawResponse<T> executeRaw(Call<T> call, boolean emptyBody, @Nullable CancellableCall<?> cancellable) {
    Exchange exchange = run(call, emptyBody, cancellable, rateLimitMode);
    @SuppressWarnings("unchecked") // the response of call
    Response<T> response = (Response<T>) exchange.response;
    return new RawResponse<>(response.code(), Exchange.redact(response.headers(), apiKey),
        apiKey.redact(exchange.body), response.body());
  }

  private <T> Exchange run(Call<T> call, boolean emptyBody, @Nullable CancellableCall<?> cancellable, RateLimitMode mode) {
    Limited limited = limitedOf(call);
    String id = limited.operation.id();
    Instant start = clock.instant();
    listener.callStart(id);
    try {
      Exchange exchange = attempts(call, emptyBody, cancellable, mode, limited, start);
      listener.callEnd(id, Duration.between(start, clock.instant()));
      return exchange;
    } catch (RuntimeException e) {
      listener.callFailed(id, e, Duration.between(start, clock.instant()));
      throw e;
    }
  }

  private <T> Exchange attempts(Call<T> call, boolean emptyBody, @Nullable CancellableCall<?> cancellable,
      RateLimitMode mode, Limited limited, Instant start) {
    SpecOperation operation = limited.operation;
    String id = operation.id();
    Limit limit = limited.limit;

    Call<T> attempt = call;
    for (int retry = 0; ; retry++) {
      if (cancellable != null) {
        cancellable.starting(attempt);
      }
      String permit = acquire(limit, operation, mode, start);
      Instant sent = clock.instant();
      Request request = attempt.request();
      Response<T> response;
      Exchange exchange = Exchange.begin();
      try {
        // Inside the try: the permit is released even if the listener throws.
        listener.requestStart(id, retry + 1, request.method(), request.url());
        shortenToDeadline(attempt, operation, request, retry, start);
        response = attempt.execute();
      } catch (ResponseSizeInterceptor.TooLargeException e) {
        // Not retried: the same server would send the same body.
        listener.requestFailed(id, retry + 1, e, Duration.between(sent, clock.instant()));
        throw new ResponseTooLargeException(id, e.statusCode, e.maxBytes);
      } catch (IOException e) {
        transportFailure(operation, request, retry, sent, start, e);
        attempt = attempt.clone();
        continue;
      } finally {
        exchange.end();
        release(limit, permit);
      }

      listener.responseReceived(id, retry + 1, response.code(), Duration.between(sent, clock.instant()));
      if (response.isSuccessful()) {
        return success(operation, response, exchange, emptyBody);
      }
      SonoranCadServiceException error;
      try {
        error = errorMapper.map(id, response, clock.instant());
      } catch (IOException e) {
        // The error body broke off: a transport failure like any other.
        transportFailure(operation, request, retry, sent, start, e);
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
        // Never longer than this client would wait itself: one huge Retry-After must not stop the
        // key for a day, in this JVM or (through a shared store) in every process.
        pause(limit, wait.compareTo(maxRetryWait) > 0 ? maxRetryWait : wait);
        listener.rateLimited(id, retry + 1, error.retryAfter());
      }
      if (retry >= maxRetries || wait.compareTo(maxRetryWait) > 0 || wait.compareTo(remaining(start)) >= 0) {
        throw error;
      }
      listener.retry(id, retry + 2, code == 429 ? RetryReason.RATE_LIMITED : RetryReason.SERVER_UNAVAILABLE, wait);
      sleep(id, wait);
      attempt = attempt.clone();
    }
  }

  /**
   * Checks a success response: reports its drift, and throws when its body is unusable (or drifted,
   * in strict mode), with the raw response.
   */
  private Exchange success(SpecOperation operation, Response<?> response, Exchange exchange, boolean emptyBody) {
    List<Drift> drifts = exchange.drifts;
    if (!drifts.isEmpty()) {
      listener.responseDrift(operation.id(), drifts);
    }
    String problem = exchange.problem;
    List<Drift> failing = strictResponses ? strictDrifts(drifts) : List.of();
    if (problem == null && !failing.isEmpty()) {
      StringBuilder all = new StringBuilder("strict mode, ").append(failing.size()).append(" drift(s) from the spec: ");
      for (int i = 0; i < failing.size(); i++) {
        all.append(i == 0 ? "" : "; ").append(failing.get(i));
      }
      problem = all.toString();
    }
    if (problem == null && response.body() == null && !emptyBody) {
      problem = "no body with HTTP " + response.code();
    }
    if (problem != null) {
      throw new InvalidResponseException(operation.id(), operation.idempotent(), response.code(),
          Exchange.redact(response.headers(), apiKey), apiKey.redact(exchange.body), Snippet.of(exchange.body, apiKey),
          problem, failing, exchange.cause);
    }
    exchange.response = response;
    return exchange;
  }

  /** The drifts strict mode fails on: all but unknown values of open enumerations, which the spec allows. */
  private static List<Drift> strictDrifts(List<Drift> drifts) {
    List<Drift> failing = new java.util.ArrayList<>(drifts.size());
    for (Drift drift : drifts) {
      if (drift.kind() != Drift.Kind.UNKNOWN_VALUE) {
        failing.add(drift);
      }
    }
    return failing;
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

  /**
   * After a transport failure: reports it, then sleeps before a retry, or throws when the policy
   * (or the call's deadline) allows none.
   */
  private void transportFailure(
      SpecOperation operation, Request request, int retry, Instant sent, Instant start, IOException failure) {
    IOException redacted = apiKey.redactFailure(failure);
    listener.requestFailed(operation.id(), retry + 1, redacted, Duration.between(sent, clock.instant()));
    boolean tls = request.url().isHttps() && inTlsHandshake(failure);
    Duration remaining = remaining(start);
    if (!remaining.isNegative() && !remaining.isZero()
        && (!operation.idempotent() || retry >= maxRetries || (tls && hasSslException(failure)))) {
      throw ioFailure(operation, request, retry, redacted, tls, false);
    }
    Duration wait = backoff(retry);
    if (wait.compareTo(remaining) >= 0) {
      throw ioFailure(operation, request, retry, redacted, tls, true);
    }
    listener.retry(operation.id(), retry + 2, RetryReason.TRANSPORT_FAILURE, wait);
    sleep(operation.id(), wait);
  }

  /**
   * The exception of a transport failure: names the request (its URL never holds the key), the
   * deadline if it was reached, and a failed TLS handshake as such, the usual sign of an https URL
   * pointing at a plain http server.
   */
  private SonoranCadIoException ioFailure(
      SpecOperation operation, Request request, int retry, IOException redacted, boolean tls, boolean deadline) {
    String message = redacted.getMessage();
    StringBuilder text = new StringBuilder(operation.id()).append(": ")
        .append(request.method()).append(' ').append(apiKey.redact(request.url().toString()));
    if (retry > 0) {
      text.append(" (attempt ").append(retry + 1).append(')');
    }
    text.append(" failed: ").append(redacted.getClass().getSimpleName());
    if (message != null) {
      text.append(": ").append(message);
    }
    if (tls) {
      HttpUrl url = request.url();
      text.append("; the TLS handshake with ").append(url.host()).append(':').append(url.port())
          .append(" failed: if that is a plain http server, its URL starts with http://, not https://");
    }
    if (deadline) {
      text.append("; the call's callTimeout of ").append(callTimeout.toMillis()).append(" ms is used up");
    }
    return new SonoranCadIoException(operation.id(), text.toString(), redacted);
  }

  /** Whether {@code failure} arose in a TLS handshake: an SSL exception, or a timeout or close during one. */
  static boolean inTlsHandshake(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getMethodName().equals("startHandshake") || frame.getClassName().contains("Handshake")) {
          return true;
        }
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed != t && inTlsHandshake(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasSslException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cuts the OkHttp timeout of {@code attempt} to what remains of the call's deadline (it is the
   * attempt timeout otherwise), or throws when nothing remains.
   */
  private void shortenToDeadline(Call<?> attempt, SpecOperation operation, Request request, int retry, Instant start) {
    Duration remaining = remaining(start);
    if (remaining.isNegative() || remaining.isZero()) {
      throw ioFailure(operation, request, retry,
          new InterruptedIOException("no time left for the attempt"), false, true);
    }
    long nanos = remaining.compareTo(MAX_NANOS) > 0 ? Long.MAX_VALUE : remaining.toNanos();
    Timeout timeout = attempt.timeout();
    if (timeout.timeoutNanos() == 0 || nanos < timeout.timeoutNanos()) {
      timeout.timeout(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Returns what remains of the call's deadline, counted from {@code start}; zero or negative once passed. */
  private Duration remaining(Instant start) {
    return callTimeout.minus(Duration.between(start, clock.instant()));
  }

  /** Takes a permit of {@code limit}, waiting by {@code mode} at most until the call's deadline, and returns it. */
  private String acquire(Limit limit, SpecOperation operation, RateLimitMode mode, Instant start) {
    long waited = 0;
    Instant waitStart = null;
    boolean acquired = false;
    try {
      while (true) {
        Acquisition acquisition;
        try {
          acquisition = rateLimitStore.tryAcquire(limit, clock);
        } catch (IOException e) {
          throw new RateLimitStoreException(operation.id(), e);
        }
        if (acquisition.granted()) {
          acquired = true;
          return acquisition.permit();
        }
        long delay = Math.max(1, millis(acquisition.retryAfter()));
        long left = Math.min(millis(maxRateLimitWait) - waited, millis(remaining(start)));
        if (mode == RateLimitMode.FAIL_FAST || delay > left) {
          throw new ClientRateLimitException(
              operation.id(), limit.requests() + " per " + limit.window(), Duration.ofMillis(delay));
        }
        if (waitStart == null) {
          waitStart = clock.instant();
          listener.permitWaitStart(operation.id(), Duration.ofMillis(delay));
        }
        sleep(operation.id(), Duration.ofMillis(delay));
        waited += delay;
      }
    } finally {
      if (waitStart != null) {
        listener.permitWaitEnd(operation.id(), Duration.between(waitStart, clock.instant()), acquired);
      }
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

  /** Returns {@code duration} in milliseconds, saturated instead of overflowing. */
  static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
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
          apiKey.fingerprint() + ':' + operation.id(), operation.rateLimitRequests(),
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
