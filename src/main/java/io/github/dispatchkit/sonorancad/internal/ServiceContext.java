package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.RawResponse;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Retrofit;

/**
 * What every generated service shares: the Retrofit instance that implements its interface, the one
 * {@link CallExecutor}, the asynchronous executor, the default server ID and the client's open state.
 *
 * <p>Generated service methods validate their arguments, create the Retrofit call and hand it here;
 * nothing in this class knows an operation.
 */
public final class ServiceContext {
  private final Retrofit retrofit;
  private final CallExecutor executor;
  private final ExecutorService asyncExecutor;
  private final int defaultServerId;
  private final ConcurrentMap<String, Coalescer> coalescers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Creates the context of one client. */
  public ServiceContext(Retrofit retrofit, CallExecutor executor, ExecutorService asyncExecutor, int defaultServerId) {
    this.retrofit = retrofit;
    this.executor = executor;
    this.asyncExecutor = asyncExecutor;
    this.defaultServerId = defaultServerId;
  }

  /** Returns the implementation of a generated service's Retrofit interface. */
  public <T> T create(Class<T> http) {
    return retrofit.create(http);
  }

  /** Returns the server ID of calls that take none. */
  public Integer defaultServerId() {
    return defaultServerId;
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

  /** Runs a validated call and returns its decoded body. */
  public <T> T execute(Call<T> call) {
    return executor.execute(call, false, null);
  }

  /** Runs a validated call of an operation whose response has no body. */
  public void executeVoid(Call<Void> call) {
    executor.execute(call, true, null);
  }

  /** Runs a validated call whose response may be empty ({@code x-optional-response}): null then. */
  public <T> @Nullable T executeOptional(Call<T> call) {
    return executor.execute(call, true, null);
  }

  /** Like {@link #executeOptional}, on the asynchronous executor, as {@link #executeAsync}. */
  public <T> CompletableFuture<T> executeOptionalAsync(Supplier<Call<T>> call) {
    return submit(call, true);
  }

  /** Runs a validated call and returns the response as received with its decoded body. */
  public <T> RawResponse<T> executeRaw(Call<T> call, boolean emptyBody) {
    return executor.executeRaw(call, emptyBody, null);
  }

  /** Like {@link #executeRaw}, on the asynchronous executor, as {@link #executeAsync}. */
  public <T> CompletableFuture<RawResponse<T>> executeRawAsync(Supplier<Call<T>> supplier, boolean emptyBody) {
    Call<T> call;
    try {
      call = supplier.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CancellableCall<RawResponse<T>> future = new CancellableCall<>();
    try {
      asyncExecutor.execute(() -> future.run(() -> executor.executeRaw(call, emptyBody, future)));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("SonoranCadClient is closed"));
    }
    return future;
  }

  /**
   * Validates and runs a call on the asynchronous executor. Every failure, validation and a closed
   * client included, completes the future exceptionally; cancelling the future cancels the call.
   */
  public <T> CompletableFuture<T> executeAsync(Supplier<Call<T>> call) {
    return submit(call, false);
  }

  /** Like {@link #executeAsync}, for an operation whose response has no body. */
  public CompletableFuture<Void> executeVoidAsync(Supplier<Call<Void>> call) {
    return submit(call, true);
  }

  /**
   * Returns the multipart part of a file upload. OkHttp streams the file from disk while sending,
   * so a recording is never held in memory whole.
   */
  public MultipartBody.@Nullable Part part(String name, @Nullable File file) {
    if (file == null) {
      return null;
    }
    String fileName = file.getName();
    String type = fileName.endsWith(".webm") ? "video/webm"
        : fileName.endsWith(".mp4") ? "video/mp4"
        : "application/octet-stream";
    return MultipartBody.Part.createFormData(name, fileName, RequestBody.create(file, MediaType.get(type)));
  }

  /**
   * Returns the client's one {@link Coalescer} of {@code operationId} (the spec's
   * {@code x-coalesce}), created on first use. It sends each group as a call made by {@code call}
   * from the group's path parameters and body, through the executor without waiting for permits:
   * the coalescer waits itself, then picks what to send. Its requests are spaced by the limit's
   * window (as this client enforces it) divided by its count.
   *
   * @param limitRequests the operation's {@code x-rate-limit} count
   * @param limitPeriod the operation's {@code x-rate-limit} period
   * @param bodyType the generated model of the request body
   * @param emptyBody true when the operation documents no response body
   * @throws IllegalStateException if the client is closed
   */
  public <B> Coalescer coalescer(String operationId, int limitRequests, String limitPeriod, Coalescer.Rule rule,
      Class<B> bodyType, boolean emptyBody, BiFunction<Map<String, Object>, B, Call<?>> call) {
    checkOpen();
    return coalescers.computeIfAbsent(operationId, id -> new Coalescer(id, rule,
        (path, body) -> executor.execute(call.apply(path, Json.MOSHI.adapter(bodyType).fromJsonValue(body)),
            emptyBody, null, RateLimitMode.FAIL_FAST),
        executor.window(limitPeriod).dividedBy(limitRequests), executor.clock(), executor.sleeper()));
  }

  /**
   * Validates a change with {@code validate} (the operation's own checks, which throw before any
   * I/O) and queues it on {@code coalescer}.
   *
   * @param pathNamesAndValues the path parameters: name, value, name, value...
   * @return the coalescer's future; already failed if the change is invalid or the client closed
   */
  public CompletableFuture<Void> submit(Coalescer coalescer, Supplier<Call<?>> validate, Object body,
      Object... pathNamesAndValues) {
    Map<String, Object> path = new LinkedHashMap<>();
    Object fields;
    try {
      validate.get();
      fields = Json.MOSHI.adapter(Object.class).toJsonValue(body);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (int i = 0; i < pathNamesAndValues.length; i += 2) {
      path.put((String) pathNamesAndValues[i], pathNamesAndValues[i + 1]);
    }
    @SuppressWarnings("unchecked") // a model encodes as a JSON object
    Map<String, Object> map = (Map<String, Object>) fields;
    return coalescer.submit(path, map);
  }

  /**
   * Closes the client: each coalescer sends what is pending first, then later calls are refused
   * with {@link IllegalStateException}.
   */
  public void close() {
    for (Coalescer coalescer : coalescers.values()) {
      coalescer.close();
    }
    closed = true;
  }

  private <T> CompletableFuture<T> submit(Supplier<Call<T>> supplier, boolean emptyBody) {
    Call<T> call;
    try {
      call = supplier.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CancellableCall<T> future = new CancellableCall<>();
    try {
      asyncExecutor.execute(() -> future.run(() -> executor.execute(call, emptyBody, future)));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("SonoranCadClient is closed"));
    }
    return future;
  }
}
