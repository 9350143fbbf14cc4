package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.RateLimitStore.Limit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide limiters, one per API key, operation, count and window, so every client instance
 * using a key shares that key's documented allowance. Keys are held only as their
 * {@link ApiKey#fingerprint()}.
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
        : LIMITERS.computeIfAbsent(limit, l -> new SlidingWindowLimiter(l.requests(), l.window().toMillis()));
  }
}
