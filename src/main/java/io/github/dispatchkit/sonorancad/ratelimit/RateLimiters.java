package io.github.dispatchkit.sonorancad.ratelimit;

import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Limit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide limiters, one per API key, operation, count and window, so every client instance
 * using a key shares that key's documented allowance. Keys are held only as the fingerprints in
 * {@link Limit#name()}.
 */
final class RateLimiters {
  private static final ConcurrentMap<Limit, SlidingWindowLimiter> LIMITERS = new ConcurrentHashMap<>();

  private RateLimiters() {
  }

  /** Returns the limiter of {@code limit}, whose name holds the key's fingerprint and the operation. */
  static SlidingWindowLimiter forLimit(Limit limit) {
    SlidingWindowLimiter limiter = LIMITERS.get(limit);
    return limiter != null
        ? limiter
        : putIfAbsent(limit, new SlidingWindowLimiter(limit.requests(), limit.window().toMillis()));
  }

  private static SlidingWindowLimiter putIfAbsent(Limit limit, SlidingWindowLimiter created) {
    SlidingWindowLimiter earlier = LIMITERS.putIfAbsent(limit, created);
    return earlier != null ? earlier : created;
  }
}
