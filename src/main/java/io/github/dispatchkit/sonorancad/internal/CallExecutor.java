package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.CallListener;
import io.github.dispatchkit.sonorancad.CallListener.RetryReason;
import io.github.dispatchkit.sonorancad.ClientOptions;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Runs the calls of one client: takes a rate-limit permit, sends, maps errors, and retries by this
 * policy, on the calling thread ({@link #execute}) or without holding any thread while it waits
 * ({@link #executeAsync}): permit waits and retry delays are scheduled on the client's one scheduler
 * thread and HTTP attempts are enqueued on OkHttp's dispatcher.
 *
 * <h2>Retry policy</h2>
 * <ul>
 *   <li>429: retried by every operation, since the gateway rejected it before the API saw it. The
 *       wait is {@code Retry-After} (seconds or HTTP-date), else exponential backoff with jitter
 *       (0.5 s doubling to 8 s, times a random factor in [0.5, 1]). The wait also pauses the
 *       limiter of that key and operation, for at most {@code maxRetryWait}: a server cannot pause
 *       the key longer than the client would wait. A wait longer than {@code maxRetryWait} is not
 *       waited: the {@code RateLimitException} is thrown at once. Every {@code Retry-After}, however
 *       large or malformed, is read by {@link RetryAfter} as a bounded delay or none.
 *   <li>502, 503, 504 and transport failures (connect, timeout, reset): retried only when the
 *       operation is {@linkplain Operation#idempotent() idempotent}. Any other operation is never
 *       resent once it may have reached the server; its body is one-shot, so OkHttp does not resend
 *       it either. A failed TLS handshake is not retried: it would fail the same way.
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
  private final HttpUrl baseUrl;
  private final OkHttpClient http;
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
  private final ScheduledExecutorService scheduler;
  private final ConcurrentMap<Operation<?>, Limit> limits = new ConcurrentHashMap<>();
  private final Set<AsyncCall<?>> inProgress = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates the executor of a client.
   *
   * @param options the client's options
   * @param http the client's OkHttp client, from its {@link HttpStack}
   * @param rateLimitStore where the permits live: the options' store, or the one the client made
   * @param scheduler the thread that runs the asynchronous calls' waits, shared by derived clients
   */
  public CallExecutor(ClientOptions options, OkHttpClient http, RateLimitStore rateLimitStore,
      ScheduledExecutorService scheduler) {
    this.apiKey = OptionsAccess.apiKey(options);
    this.baseUrl = options.baseUrl();
    this.http = http;
    this.errorMapper = new ErrorMapper(apiKey);
    this.clock = options.clock();
    this.sleeper = options.sleeper();
    this.maxRetries = options.maxRetries();
    this.maxRetryWait = options.maxRetryWait();
    this.callTimeout = options.callTimeout();
    this.rateLimitMode = options.rateLimitMode();
    this.maxRateLimitWait = options.maxRateLimitWait();
    this.rateLimitWindow = options.rateLimitWindow();
    this.rateLimitStore = rateLimitStore;
    this.listener = options.listener();
    this.strictResponses = options.strictResponses();
    this.scheduler = scheduler;
  }

  /**
   * Refuses calls once the client is closed, before any I/O.
   *
   * @throws IllegalStateException if the client is closed
   */
  public void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SonoranCadClient is closed");
    }
  }

  /**
   * Runs a validated call on this thread and returns its decoded body: null for an operation that
   * documents none, or an optional response that was empty.
   *
   * @throws io.github.dispatchkit.sonorancad.exception.SonoranCadException on any failure
   */
  public <T> T execute(ApiRequest<T> request) {
    return value(new Attempts(request, rateLimitMode).blocking());
  }

  /** Like {@link #execute}, returning the response as received with its decoded body. */
  public <T> RawResponse<T> executeRaw(ApiRequest<T> request) {
    return raw(new Attempts(request, rateLimitMode).blocking());
  }

  /**
   * Validates (by calling {@code request}) and runs a call without holding a thread while it waits.
   * Every failure, validation and a closed client included, completes the future exceptionally;
   * cancelling the future cancels the HTTP attempt in flight or the wait, and releases the permit.
   */
  public <T> CompletableFuture<T> executeAsync(Supplier<ApiRequest<T>> request) {
    return start(request, CallExecutor::value);
  }

  /** Like {@link #executeAsync}, completing with the response as received with its decoded body. */
  public <T> CompletableFuture<RawResponse<T>> executeRawAsync(Supplier<ApiRequest<T>> request) {
    return start(request, this::raw);
  }

  /**
   * Runs a validated call on this thread taking permits by {@code mode} instead of the client's
   * mode: a {@link Coalescer} never lets the executor wait, as it picks what to send only once a
   * permit is free.
   */
  <T> T execute(ApiRequest<T> request, RateLimitMode mode) {
    return value(new Attempts(request, mode).blocking());
  }

  /** Returns the window this executor enforces for an operation documenting {@code period}. */
  Duration window(Duration period) {
    return rateLimitWindow != null ? rateLimitWindow : period;
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
   * Refuses later calls, and fails the asynchronous calls in progress with {@link
   * IllegalStateException}, cancelling their waits and attempts.
   */
  public void close() {
    closed = true;
    for (AsyncCall<?> call : inProgress) {
      call.fail(new IllegalStateException("SonoranCadClient is closed"));
    }
  }

  @SuppressWarnings("unchecked") // the value decoded for the request's operation
  private static <T> T value(Exchange exchange) {
    return (T) exchange.value;
  }

  @SuppressWarnings("unchecked") // the value decoded for the request's operation
  private <T> RawResponse<T> raw(Exchange exchange) {
    return new RawResponse<>(exchange.code, Exchange.redact(exchange.headers, apiKey), apiKey.redact(exchange.body()),
        (T) exchange.value);
  }

  private <T, R> CompletableFuture<R> start(Supplier<ApiRequest<T>> supplier, Function<Exchange, R> result) {
    Attempts attempts;
    try {
      attempts = new Attempts(supplier.get(), rateLimitMode);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    AsyncCall<R> call = new AsyncCall<>(attempts, result);
    call.start();
    return call;
  }

  private Limit limitOf(Operation<?> operation) {
    Limit limit = limits.get(operation);
    if (limit == null) {
      limit = new Limit(apiKey.fingerprint() + ':' + operation.id(), operation.rateLimitRequests(),
          window(operation.rateLimitPeriod()));
      limits.put(operation, limit);
    }
    return limit;
  }

  /** What the policy makes of an attempt: the exchange to return, or how long to wait before the next. */
  private static final class Step {
    final @Nullable Exchange done;
    final Duration wait;

    private Step(@Nullable Exchange done, Duration wait) {
      this.done = done;
      this.wait = wait;
    }
  }

  /** A permit taken, or how long to wait before trying again. */
  private static final class Permit {
    final @Nullable String id;
    final Duration retryIn;

    private Permit(@Nullable String id, Duration retryIn) {
      this.id = id;
      this.retryIn = retryIn;
    }
  }

  /** The state of one call through its attempts, and the policy's decisions, shared by both ways of running it. */
  private final class Attempts {
    final Operation<?> operation;
    final String id;
    final Request request;
    final Limit limit;
    final RateLimitMode mode;
    final Instant start;
    int retry;
    Instant sent;
    Duration waited = Duration.ZERO;
    @Nullable Instant waitStart;

    Attempts(ApiRequest<?> apiRequest, RateLimitMode mode) {
      checkOpen();
      this.operation = apiRequest.operation();
      this.id = operation.id();
      this.request = apiRequest.toHttp(baseUrl);
      this.limit = limitOf(operation);
      this.mode = mode;
      this.start = clock.instant();
      this.sent = start;
      listener.callStart(id);
    }

    /** Runs every attempt on this thread. */
    Exchange blocking() {
      try {
        while (true) {
          Permit permit = tryAcquire();
          if (permit.id == null) {
            sleep(permit.retryIn);
            continue;
          }
          Step step = sendBlocking(permit.id);
          if (step.done != null) {
            return ended(step.done);
          }
          sleep(step.wait);
          retry++;
        }
      } catch (RuntimeException e) {
        throw failed(e);
      }
    }

    private Step sendBlocking(String permit) {
      Call call;
      byte[] body;
      int code;
      okhttp3.Headers headers;
      try {
        call = newCall();
        try (Response response = call.execute()) {
          code = response.code();
          headers = response.headers();
          body = read(response);
        }
      } catch (ResponseSizeInterceptor.TooLargeException e) {
        throw tooLarge(e);
      } catch (IOException e) {
        return transportFailure(e);
      } finally {
        release(permit);
      }
      return received(code, headers, body);
    }

    /**
     * Takes a permit of the operation's limit, or says how long to wait for one; throws when the
     * client's mode, its longest permit wait or the call's deadline allows no such wait.
     */
    Permit tryAcquire() {
      Acquisition acquisition;
      try {
        acquisition = rateLimitStore.tryAcquire(limit, clock);
      } catch (IOException e) {
        endPermitWait(false);
        throw new RateLimitStoreException(id, e);
      }
      if (acquisition.granted()) {
        endPermitWait(true);
        return new Permit(acquisition.permit(), Duration.ZERO);
      }
      long delay = Math.max(1, millis(acquisition.retryAfter()));
      long left = Math.min(millis(maxRateLimitWait) - waited.toMillis(), millis(remaining()));
      if (mode == RateLimitMode.FAIL_FAST || delay > left) {
        endPermitWait(false);
        throw new ClientRateLimitException(id, limit.requests() + " per " + limit.window(), Duration.ofMillis(delay));
      }
      if (waitStart == null) {
        waitStart = clock.instant();
        listener.permitWaitStart(id, Duration.ofMillis(delay));
      }
      waited = waited.plusMillis(delay);
      return new Permit(null, Duration.ofMillis(delay));
    }

    private void endPermitWait(boolean acquired) {
      if (waitStart != null) {
        Instant started = waitStart;
        waitStart = null;
        waited = Duration.ZERO;
        listener.permitWaitEnd(id, Duration.between(started, clock.instant()), acquired);
      }
    }

    /** Makes the call of the next attempt, its timeout cut to what remains of the deadline, and reports it. */
    Call newCall() {
      sent = clock.instant();
      listener.requestStart(id, retry + 1, request.method(), request.url());
      Duration remaining = remaining();
      if (remaining.isNegative() || remaining.isZero()) {
        throw ioFailure(new InterruptedIOException("no time left for the attempt"), false, true);
      }
      Call call = http.newCall(request);
      long nanos = remaining.compareTo(MAX_NANOS) > 0 ? Long.MAX_VALUE : remaining.toNanos();
      Timeout timeout = call.timeout();
      if (timeout.timeoutNanos() == 0 || nanos < timeout.timeoutNanos()) {
        timeout.timeout(nanos, TimeUnit.NANOSECONDS);
      }
      return call;
    }

    /** Reads a response's whole body, within the cap of the response-size interceptor. */
    byte[] read(Response response) throws IOException {
      ResponseBody body = response.body();
      // From the source, not bytes(), which refuses a declared length above 2 GiB before the cap can.
      return body == null ? new byte[0] : body.source().readByteArray();
    }

    ResponseTooLargeException tooLarge(ResponseSizeInterceptor.TooLargeException e) {
      // Not retried: the same server would send the same body.
      listener.requestFailed(id, retry + 1, e, Duration.between(sent, clock.instant()));
      return new ResponseTooLargeException(id, e.statusCode, e.maxBytes);
    }

    /** Decides after a whole response was read and the permit released. */
    Step received(int code, okhttp3.Headers headers, byte[] body) {
      listener.responseReceived(id, retry + 1, code, Duration.between(sent, clock.instant()));
      if (code >= 200 && code < 300) {
        return new Step(success(Exchange.decode(operation, code, headers, body, apiKey)), Duration.ZERO);
      }
      SonoranCadServiceException error = errorMapper.map(id, code, headers,
          new String(body, java.nio.charset.StandardCharsets.UTF_8), clock.instant());
      boolean retryable = code == 429
          || (operation.idempotent() && (code == 502 || code == 503 || code == 504));
      if (!retryable) {
        throw error;
      }
      Duration wait = error.retryAfter().orElseGet(() -> backoff(retry));
      if (code == 429) {
        // Never longer than this client would wait itself: one huge Retry-After must not stop the
        // key for a day, in this JVM or (through a shared store) in every process.
        pause(wait.compareTo(maxRetryWait) > 0 ? maxRetryWait : wait);
        listener.rateLimited(id, retry + 1, error.retryAfter());
      }
      if (retry >= maxRetries || wait.compareTo(maxRetryWait) > 0 || wait.compareTo(remaining()) >= 0) {
        throw error;
      }
      listener.retry(id, retry + 2, code == 429 ? RetryReason.RATE_LIMITED : RetryReason.SERVER_UNAVAILABLE, wait);
      return new Step(null, wait);
    }

    /**
     * Checks a success response: reports its drift, and throws when its body is unusable (or drifted,
     * in strict mode), with the raw response.
     */
    private Exchange success(Exchange exchange) {
      List<Drift> drifts = exchange.drifts;
      if (!drifts.isEmpty()) {
        listener.responseDrift(id, drifts);
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
      if (problem != null) {
        throw new InvalidResponseException(id, operation.idempotent(), exchange.code,
            Exchange.redact(exchange.headers, apiKey), apiKey.redact(exchange.body()), Snippet.of(exchange.body(), apiKey),
            problem, failing, exchange.cause);
      }
      return exchange;
    }

    /**
     * After a transport failure: reports it, then returns the wait before a retry, or throws when the
     * policy (or the call's deadline) allows none.
     */
    Step transportFailure(IOException failure) {
      IOException redacted = apiKey.redactFailure(failure);
      listener.requestFailed(id, retry + 1, redacted, Duration.between(sent, clock.instant()));
      boolean tls = request.url().isHttps() && inTlsHandshake(failure);
      Duration remaining = remaining();
      if (!remaining.isNegative() && !remaining.isZero()
          && (!operation.idempotent() || retry >= maxRetries || (tls && hasSslException(failure)))) {
        throw ioFailure(redacted, tls, false);
      }
      Duration wait = backoff(retry);
      if (wait.compareTo(remaining) >= 0) {
        throw ioFailure(redacted, tls, true);
      }
      listener.retry(id, retry + 2, RetryReason.TRANSPORT_FAILURE, wait);
      return new Step(null, wait);
    }

    /**
     * The exception of a transport failure: names the request (its URL never holds the key), the
     * deadline if it was reached, and a failed TLS handshake as such, the usual sign of an https URL
     * pointing at a plain http server.
     */
    SonoranCadIoException ioFailure(IOException redacted, boolean tls, boolean deadline) {
      String message = redacted.getMessage();
      StringBuilder text = new StringBuilder(id).append(": ")
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
      return new SonoranCadIoException(id, text.toString(), redacted);
    }

    /** Returns what remains of the call's deadline; zero or negative once passed. */
    Duration remaining() {
      return callTimeout.minus(Duration.between(start, clock.instant()));
    }

    Exchange ended(Exchange exchange) {
      listener.callEnd(id, Duration.between(start, clock.instant()));
      return exchange;
    }

    RuntimeException failed(RuntimeException e) {
      listener.callFailed(id, e, Duration.between(start, clock.instant()));
      return e;
    }

    void release(String permit) {
      // A store that cannot be reached frees the slot by itself (a Redis lease); the response is
      // what the caller needs, so the failure is not thrown.
      try {
        rateLimitStore.release(limit, permit, clock);
      } catch (IOException e) {
        // Freed by the store's lease; see RateLimitStore#release.
      }
    }

    /** Pauses the limit after a 429, best effort like {@link #release}: the retry acquires anew. */
    void pause(Duration wait) {
      try {
        rateLimitStore.pause(limit, wait, clock);
      } catch (IOException e) {
        // The retry's acquire reports the store's failure if it persists.
      }
    }

    void sleep(Duration duration) {
      try {
        sleeper.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SonoranCadIoException(id, new InterruptedIOException("interrupted while waiting"));
      }
    }
  }

  /**
   * An asynchronous call: each step runs on whatever thread ended the previous one (the caller's,
   * the scheduler's after a wait, OkHttp's dispatcher after an attempt), and no thread waits for it.
   */
  private final class AsyncCall<R> extends CompletableFuture<R> implements Callback {
    private final Attempts attempts;
    private final Function<Exchange, R> result;
    private @Nullable Call inFlight;
    private @Nullable Future<?> waiting;
    private @Nullable String permit;

    AsyncCall(Attempts attempts, Function<Exchange, R> result) {
      this.attempts = attempts;
      this.result = result;
    }

    void start() {
      inProgress.add(this);
      if (closed) {
        fail(new IllegalStateException("SonoranCadClient is closed"));
        return;
      }
      acquire();
    }

    /** Takes a permit and sends, or schedules the next try. */
    private void acquire() {
      try {
        Permit next = attempts.tryAcquire();
        if (next.id == null) {
          later(next.retryIn, this::acquire);
          return;
        }
        send(next.id);
      } catch (RuntimeException e) {
        fail(attempts.failed(e));
      }
    }

    private void send(String taken) {
      Call call;
      synchronized (this) {
        if (isDone()) {
          attempts.release(taken);
          return;
        }
        permit = taken;
        try {
          call = attempts.newCall();
        } catch (RuntimeException e) {
          releasePermit();
          throw e;
        }
        inFlight = call;
      }
      call.enqueue(this);
    }

    @Override
    public void onResponse(Call call, Response response) {
      byte[] body;
      int code;
      okhttp3.Headers headers;
      try (response) {
        code = response.code();
        headers = response.headers();
        body = attempts.read(response);
      } catch (ResponseSizeInterceptor.TooLargeException e) {
        releasePermit();
        fail(attempts.failed(attempts.tooLarge(e)));
        return;
      } catch (IOException e) {
        onFailure(call, e);
        return;
      }
      releasePermit();
      if (isDone()) {
        return;
      }
      try {
        decide(attempts.received(code, headers, body));
      } catch (RuntimeException e) {
        fail(attempts.failed(e));
      }
    }

    @Override
    public void onFailure(Call call, IOException failure) {
      releasePermit();
      if (isDone()) {
        return; // cancelled or closed: the failure is ours
      }
      try {
        decide(attempts.transportFailure(failure));
      } catch (RuntimeException e) {
        fail(attempts.failed(e));
      }
    }

    private void decide(Step step) {
      if (step.done != null) {
        inProgress.remove(this);
        complete(result.apply(attempts.ended(step.done)));
        return;
      }
      later(step.wait, () -> {
        attempts.retry++;
        acquire();
      });
    }

    /** Runs {@code next} after {@code delay}: scheduled for the system sleeper, else after the injected one. */
    private void later(Duration delay, Runnable next) {
      try {
        Future<?> scheduled;
        if (sleeper == Sleeper.SYSTEM) {
          scheduled = scheduler.schedule(next, Math.max(0, millis(delay)), TimeUnit.MILLISECONDS);
        } else {
          scheduled = scheduler.submit(() -> {
            try {
              sleeper.sleep(delay);
            } catch (InterruptedException e) {
              fail(attempts.failed(new SonoranCadIoException(attempts.id,
                  new InterruptedIOException("interrupted while waiting"))));
              return;
            }
            next.run();
          });
        }
        synchronized (this) {
          waiting = scheduled;
          if (isDone()) {
            scheduled.cancel(false);
          }
        }
      } catch (RejectedExecutionException e) {
        fail(new IllegalStateException("SonoranCadClient is closed"));
      }
    }

    private synchronized void releasePermit() {
      inFlight = null;
      if (permit != null) {
        attempts.release(permit);
        permit = null;
      }
    }

    void fail(Throwable failure) {
      inProgress.remove(this);
      if (completeExceptionally(failure)) {
        stop();
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        inProgress.remove(this);
        attempts.failed(new CancellationException("cancelled"));
        stop();
      }
      return cancelled;
    }

    /** Stops the wait or the attempt in flight; OkHttp's failure callback then releases the permit. */
    private synchronized void stop() {
      if (waiting != null) {
        waiting.cancel(false);
      }
      if (inFlight != null) {
        inFlight.cancel();
      }
    }
  }

  /** The drifts strict mode fails on: all but unknown values of open enumerations, which the spec allows. */
  private static List<Drift> strictDrifts(List<Drift> drifts) {
    List<Drift> failing = new ArrayList<>(drifts.size());
    for (Drift drift : drifts) {
      if (drift.kind() != Drift.Kind.UNKNOWN_VALUE) {
        failing.add(drift);
      }
    }
    return failing;
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
}
