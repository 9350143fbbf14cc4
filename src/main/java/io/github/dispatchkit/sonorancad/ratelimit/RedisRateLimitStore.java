package io.github.dispatchkit.sonorancad.ratelimit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link RateLimitStore} in Redis, shared by every process and host that uses the same API key
 * and Redis: several game servers, a bot and a web panel on one key together stay within the
 * documented limits.
 *
 * <pre>{@code
 * SonoranCadClient client = SonoranCadClient.builder()
 *     .apiKey(apiKey)
 *     .redisUrl("redis://redis.internal:6379")   // or SONORAN_REDIS_URL with fromEnvironment()
 *     .build();
 * }</pre>
 *
 * <h2>How</h2>
 * The sliding log of {@link RateLimitStore} lives in Redis; every acquire, release and pause is one
 * Lua script, atomic on the Redis server and timed by the Redis server's clock ({@code TIME}), never
 * a caller's, so clock skew between hosts does not matter. Any number of processes together admit
 * at most {@code N} requests in any rolling window. Keys are named by the SHA-256 fingerprint of the
 * API key (never the key) under {@link Builder#keyPrefix}, and expire once idle.
 *
 * <h2>A process that dies</h2>
 * A slot taken and never released (the process was killed, or lost Redis before releasing) frees
 * itself a {@linkplain Builder#lease lease} (default 60 s) after it
 * was taken; released slots free a window after their release as usual. The lease must be longer
 * than any one HTTP attempt, which the client's {@code attemptTimeout} bounds (default 30 s): a slot
 * freed while its request is still in flight could admit one request too many.
 *
 * <h2>When Redis cannot be reached</h2>
 * A call that cannot take its permit is not sent: it throws
 * {@link io.github.dispatchkit.sonorancad.exception.RateLimitStoreException} after at most the
 * {@linkplain Builder#timeout timeout} (default 2 s), and the next
 * call tries to connect again. There is no fall-back to limits of this process alone: other
 * processes would do the same and together exceed the limit. A release that fails is not reported
 * (the response already arrived): its slot frees with its lease. An acquire that timed out (a
 * stalled Redis) is taken back as soon as Redis runs it, and credentials Redis refuses are reported
 * as such ({@code NOAUTH}, {@code WRONGPASS}), not as an unreachable server. Redis started afresh (without
 * persistence) forgets the slots of the current window, so that window may see more than {@code N}.
 *
 * <p>Needs {@code io.lettuce:lettuce-core} on the class path (an optional dependency of this
 * library). Standalone Redis and Sentinel URIs are supported; not Redis Cluster. Thread-safe;
 * {@link #close()} it when done, unless the client created it ({@code redisUrl}).
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {
  static final long DEFAULT_LEASE_SECONDS = 60;
  static final long DEFAULT_TIMEOUT_SECONDS = 2;

  private final RedisSlots slots;
  private final long leaseMillis;
  private final String keyPrefix;
  private final LongSupplier epochMicros;
  private final String permitPrefix;
  private final AtomicLong permits = new AtomicLong();

  private RedisRateLimitStore(Builder builder) {
    this.slots = new RedisSlots(builder.redisUrl, builder.timeout);
    this.leaseMillis = builder.lease.toMillis();
    this.keyPrefix = builder.keyPrefix;
    this.epochMicros = builder.epochMicros;
    this.permitPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + ':';
  }

  /**
   * Returns a store with the defaults, connecting on first use.
   *
   * @param redisUrl such as {@code redis://:password@redis.example:6379/0} or {@code rediss://...}
   * @throws IllegalArgumentException if not a Redis URI
   * @throws IllegalStateException if Lettuce is not on the class path
   */
  public static RedisRateLimitStore create(String redisUrl) {
    return builder(redisUrl).build();
  }

  /**
   * Returns a builder of a store at {@code redisUrl}.
   *
   * @throws IllegalArgumentException if not a Redis URI
   * @throws IllegalStateException if Lettuce is not on the class path
   */
  public static Builder builder(String redisUrl) {
    checkUrl(redisUrl);
    return new Builder(redisUrl);
  }

  /** Checks that Lettuce is present and {@code redisUrl} is a Redis URI, never echoing it. */
  static void checkUrl(String redisUrl) {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    try {
      Class.forName("io.lettuce.core.RedisURI", false, RedisRateLimitStore.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Sharing rate limits through Redis needs io.lettuce:lettuce-core"
          + " on the class path: add that dependency (an optional one of this library)");
    }
    RedisSlots.parse(redisUrl);
  }

  @Override
  public Acquisition tryAcquire(Limit limit, Clock clock) throws IOException {
    String permit = permitPrefix + Long.toHexString(permits.incrementAndGet());
    List<Long> result = slots.acquire(slotsKey(limit), pauseKey(limit), time(), limit.requests(),
        limit.window().toMillis(), leaseMillis, permit);
    return result.get(0) == 1
        ? Acquisition.ofPermit(permit)
        : Acquisition.ofWait(Duration.ofMillis(Math.max(1, result.get(1))));
  }

  @Override
  public void release(Limit limit, String permit, Clock clock) throws IOException {
    slots.release(slotsKey(limit), time(), limit.window().toMillis(), permit);
  }

  @Override
  public void pause(Limit limit, Duration duration, Clock clock) throws IOException {
    slots.pause(pauseKey(limit), time(), InJvmRateLimitStore.pauseMillis(duration));
  }

  /** Closes the connection to Redis; calls then fail. */
  @Override
  public void close() {
    slots.close();
  }

  @Override
  public String toString() {
    return "RedisRateLimitStore{" + slots.description() + ", lease=" + Duration.ofMillis(leaseMillis) + "}";
  }

  /** The sorted set of {@code limit}'s slots; with {@link #pauseKey}, one hash tag, so one Cluster slot. */
  String slotsKey(Limit limit) {
    return tag(limit) + ":slots";
  }

  String pauseKey(Limit limit) {
    return tag(limit) + ":pause";
  }

  private String tag(Limit limit) {
    return keyPrefix + '{' + limit.name() + ':' + limit.requests() + '/' + limit.window().toMillis() + '}';
  }

  /** The scripts' time override: empty (the Redis server's {@code TIME}) but in tests. */
  private String time() {
    return epochMicros == null ? "" : Long.toString(epochMicros.getAsLong());
  }

  /** Configures a {@link RedisRateLimitStore}. Not thread-safe. */
  public static final class Builder {
    private final String redisUrl;
    private Duration lease = Duration.ofSeconds(DEFAULT_LEASE_SECONDS);
    private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    private String keyPrefix = "sonoran-cad:limit:";
    private LongSupplier epochMicros;

    private Builder(String redisUrl) {
      this.redisUrl = redisUrl;
    }

    /**
     * Sets how long after it was taken an unreleased slot frees itself, as when its process died.
     * Default 60 s. Must be longer than the longest
     * HTTP attempt (the client's {@code attemptTimeout}, default 30 s).
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.toMillis() < 1) {
        throw new IllegalArgumentException("lease < 1 ms: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * Sets the longest wait to connect to Redis and for each script, after which the call throws
     * {@link io.github.dispatchkit.sonorancad.exception.RateLimitStoreException}. Default
     * 2 s.
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout < 1 ms: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the prefix of every key this store writes. Default {@code "sonoran-cad:limit:"}. Stores
     * share limits only with stores of the same prefix.
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix == null");
      return this;
    }

    /** For tests: the scripts read this instead of the Redis server's clock. */
    Builder epochMicros(LongSupplier epochMicros) {
      this.epochMicros = epochMicros;
      return this;
    }

    /** Returns a new store, which connects on first use: building never fails for want of Redis. */
    public RedisRateLimitStore build() {
      return new RedisRateLimitStore(this);
    }
  }
}
