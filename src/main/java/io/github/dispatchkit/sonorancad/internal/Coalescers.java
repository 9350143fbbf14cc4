package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The coalescing streams of one client ({@code x-coalesce}): one {@link Coalescer} per operation,
 * made on first use, sending through the client's {@link CallExecutor}, and drained when the client
 * closes.
 */
public final class Coalescers {
  private final CallExecutor executor;
  private final ConcurrentMap<Operation<?>, Coalescer<?, ?>> streams = new ConcurrentHashMap<>();

  /**
   * Creates the streams of the client of {@code executor}.
   *
   * @param executor runs the requests the streams send
   */
  public Coalescers(CallExecutor executor) {
    this.executor = executor;
  }

  /**
   * Returns the client's one stream of {@code operation}, made on first use. It sends each group as
   * the request {@code request} makes of the group's path parameters and merged body, without
   * letting the executor wait for a permit: the stream waits itself, then picks what to send. Its
   * requests are spaced by the limit's window (as this client enforces it) divided by its count.
   *
   * @param operation an operation with a {@link Operation#coalescing()} rule and a JSON body
   * @param request makes the validated request of a group
   * @param <P> the operation's path parameters
   * @param <B> the operation's request body
   * @return the stream
   * @throws IllegalStateException if the client is closed
   */
  @SuppressWarnings("unchecked") // one stream per operation, made here with its types; a model encodes as an object
  public <P, B> Coalescer<P, B> of(Operation<?> operation, BiFunction<P, B, ApiRequest<?>> request) {
    executor.checkOpen();
    return (Coalescer<P, B>) streams.computeIfAbsent(operation, o -> {
      JsonAdapter<B> bodies = Json.MOSHI.adapter(Objects.requireNonNull(o.requestBody(), "no JSON body: " + o.id()));
      return new Coalescer<P, B>(o,
        change -> (Map<String, Object>) bodies.toJsonValue(change), bodies::fromJsonValue,
        (path, body) -> executor.execute(request.apply(path, body), RateLimitMode.FAIL_FAST),
        executor.window(o.rateLimitPeriod()).dividedBy(o.rateLimitRequests()), executor.clock(), executor.sleeper());
    });
  }

  /** Closes every stream: each sends what is pending first. */
  public void close() {
    for (Coalescer<?, ?> stream : streams.values()) {
      stream.close();
    }
  }
}
