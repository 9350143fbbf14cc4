package io.github.dispatchkit.sonorancad.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Redis side of {@code RedisRateLimitStore}: one Lettuce connection and the three Lua scripts,
 * each of which runs atomically on the Redis server and reads the time with {@code TIME}.
 *
 * <p>Data, per limit (the two keys share a hash tag, so they live on one Cluster slot):
 * <ul>
 *   <li>{@code slots}, a sorted set: one member per slot taken, scored with the epoch millisecond
 *       at which it frees. Taking a slot scores it {@code now + lease} (in flight); releasing it
 *       rescores it {@code release + window}, release rounded up to the millisecond. Every acquire
 *       first drops the members whose score has passed: released slots a window after their release,
 *       and the in-flight slots of a process that died, a lease after they were taken.
 *   <li>{@code pause}, a string: the epoch millisecond before which nothing is admitted, expiring then.
 * </ul>
 * Every key expires once nothing in it can matter any more, so idle limits leave nothing behind.
 *
 * <p>Every script takes the time override as {@code ARGV[1]}: empty in production (the server's
 * {@code TIME}); epoch microseconds in tests that drive the scripts with explicit times.
 *
 * <p>Connecting: lazily, on first use, and again on the first use after the connection was lost;
 * callers at the same moment share one attempt. Lettuce's own reconnecting is off, so a call made
 * while Redis is down fails at once (or after the timeout) instead of queueing.
 *
 * <p>An acquire that times out on the client (Redis stalled or slow) may still run on Redis later
 * and take a slot nobody will use or release. So the client then sends {@code ZREM} of the permit it
 * generated, on the same connection, without waiting: Redis runs commands of one connection in
 * order, so the slot is freed right after the late acquire took it, not a lease later.
 */
final class RedisSlots implements AutoCloseable {
  private static final String NOW = """
      if redis.replicate_commands then redis.replicate_commands() end
      local function now_us()
        if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000000 + tonumber(t[2])
      end
      """;

  /**
   * KEYS: slots, pause. ARGV: time override, limit, window ms, lease ms, permit. Returns
   * {1, 0} when the slot was taken, else {0, milliseconds until one may be free}.
   */
  static final String ACQUIRE = NOW + """
      local now = math.floor(now_us() / 1000)
      local limit = tonumber(ARGV[2])
      local window = tonumber(ARGV[3])
      local lease = tonumber(ARGV[4])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
      if now < paused then
        return {0, paused - now}
      end
      if redis.call('ZCARD', KEYS[1]) < limit then
        redis.call('ZADD', KEYS[1], now + lease, ARGV[5])
        redis.call('PEXPIRE', KEYS[1], lease + window)
        return {1, 0}
      end
      local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      return {0, math.min(tonumber(first[2]) - now, window)}
      """;

  /**
   * KEYS: slots. ARGV: time override, window ms, permit. The slot frees a window after now, rounded
   * up to the millisecond. A permit whose lease already lapsed is added back: late, it still counts.
   */
  static final String RELEASE = NOW + """
      local now = math.floor((now_us() + 999) / 1000)
      local window = tonumber(ARGV[2])
      redis.call('ZADD', KEYS[1], now + window, ARGV[3])
      if redis.call('PTTL', KEYS[1]) < window then
        redis.call('PEXPIRE', KEYS[1], window)
      end
      return {1}
      """;

  /** KEYS: pause. ARGV: time override, pause ms. Keeps the later of the old and the new end. */
  static final String PAUSE = NOW + """
      local now = math.floor(now_us() / 1000)
      local ms = tonumber(ARGV[2])
      if ms <= 0 then
        return {0}
      end
      local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
      if now + ms > paused then
        redis.call('SET', KEYS[1], string.format('%d', now + ms), 'PX', ms)
      end
      return {1}
      """;

  private static final String ACQUIRE_SHA = sha1(ACQUIRE);
  private static final String RELEASE_SHA = sha1(RELEASE);
  private static final String PAUSE_SHA = sha1(PAUSE);

  private final RedisURI uri;
  private final RedisClient client;
  private final Duration timeout;
  private final String description;
  private CompletableFuture<StatefulRedisConnection<String, String>> connecting; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Creates the client; connects on first use.
   *
   * @param timeout for connecting and for each command
   */
  RedisSlots(String redisUrl, Duration timeout) {
    this.uri = parse(redisUrl);
    this.uri.setTimeout(timeout);
    this.timeout = timeout;
    this.description = describe(uri);
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .build());
  }

  /**
   * Parses a Redis URI.
   *
   * @throws IllegalArgumentException if not one, with a message that does not repeat it (it may
   *     hold a password)
   */
  static RedisURI parse(String redisUrl) {
    try {
      return RedisURI.create(redisUrl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "redisUrl is not a Redis URI such as redis://host:6379, rediss://... or redis-sentinel://...");
    }
  }

  /** Runs {@link #ACQUIRE}; returns {taken (1 or 0), wait ms}. */
  List<Long> acquire(String slotsKey, String pauseKey, String time, int limit, long windowMillis,
      long leaseMillis, String permit) throws IOException {
    try {
      return run(ACQUIRE, ACQUIRE_SHA, new String[] {slotsKey, pauseKey},
          time, Integer.toString(limit), Long.toString(windowMillis), Long.toString(leaseMillis), permit);
    } catch (IOException e) {
      if (e.getCause() instanceof RedisCommandTimeoutException) {
        forget(slotsKey, permit);
      }
      throw e;
    }
  }

  /**
   * Sends {@code ZREM slotsKey permit} on the current connection without waiting for it: it runs
   * right after the timed-out acquire it follows. If the connection is gone, the lease frees the
   * slot instead.
   */
  private void forget(String slotsKey, String permit) {
    StatefulRedisConnection<String, String> open;
    synchronized (this) {
      open = connecting != null && connecting.isDone() && isOpen(connecting) ? connecting.join() : null;
    }
    if (open != null) {
      open.async().zrem(slotsKey, permit);
    }
  }

  /** Runs {@link #RELEASE}. */
  void release(String slotsKey, String time, long windowMillis, String permit) throws IOException {
    run(RELEASE, RELEASE_SHA, new String[] {slotsKey}, time, Long.toString(windowMillis), permit);
  }

  /** Runs {@link #PAUSE}. */
  void pause(String pauseKey, String time, long pauseMillis) throws IOException {
    run(PAUSE, PAUSE_SHA, new String[] {pauseKey}, time, Long.toString(pauseMillis));
  }

  private List<Long> run(String script, String sha, String[] keys, String... args) throws IOException {
    RedisCommands<String, String> commands = connection().sync();
    try {
      Object result;
      try {
        result = commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException e) {
        // First use on this server, or it restarted: EVAL runs the script and caches it.
        result = commands.eval(script, ScriptOutputType.MULTI, keys, args);
      }
      return longs(result);
    } catch (RedisException e) {
      throw failure("failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Long> longs(Object result) {
    return (List<Long>) result;
  }

  private StatefulRedisConnection<String, String> connection() throws IOException {
    CompletableFuture<StatefulRedisConnection<String, String>> attempt;
    synchronized (this) {
      if (closed) {
        throw new IOException("the Redis rate-limit store at " + description + " is closed");
      }
      if (connecting == null || (connecting.isDone() && !isOpen(connecting))) {
        if (connecting != null && !connecting.isCompletedExceptionally()) {
          connecting.join().closeAsync();
        }
        connecting = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
      }
      attempt = connecting;
    }
    try {
      return attempt.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure("unreachable", e.getCause());
    } catch (TimeoutException e) {
      throw failure("unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to Redis at " + description);
    }
  }

  private static boolean isOpen(CompletableFuture<StatefulRedisConnection<String, String>> connection) {
    return !connection.isCompletedExceptionally() && connection.join().isOpen();
  }

  private IOException failure(String what, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS") || message.contains("invalid password")
          || message.contains("AUTH <password> called without any password configured")) {
        // Reached, but refused: the URI's user or password, not the network, is what to fix.
        return new IOException("Redis at " + description + " refused the credentials: " + message
            + " (check the user and password of the Redis URI)", cause);
      }
    }
    String message = cause == null ? null : cause.getMessage();
    return new IOException("Redis at " + description + " " + what + ": "
        + (cause == null ? "" : cause.getClass().getSimpleName() + (message == null ? "" : ": " + message)), cause);
  }

  /** Returns where Redis is, without credentials. */
  String description() {
    return description;
  }

  private static String describe(RedisURI uri) {
    if (uri.getSentinelMasterId() != null) {
      return "sentinel master " + uri.getSentinelMasterId();
    }
    if (uri.getSocket() != null) {
      return "socket " + uri.getSocket();
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> last;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      last = connecting;
    }
    if (last != null && last.isDone() && !last.isCompletedExceptionally()) {
      last.join().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static String sha1(String script) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(hash.length * 2);
      for (byte b : hash) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-1 is required on every Java platform", e);
    }
  }
}
