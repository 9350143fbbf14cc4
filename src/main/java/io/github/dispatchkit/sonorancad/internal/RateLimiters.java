package io.github.dispatchkit.sonorancad.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide limiters, one per API key and operation, so every client instance using a key shares
 * that key's documented allowance. Keys are held only as their {@link ApiKey#fingerprint()}.
 */
final class RateLimiters {
  private static final ConcurrentMap<String, SlidingWindowLimiter> LIMITERS = new ConcurrentHashMap<>();

  private RateLimiters() {
  }

  /** Returns the limiter of {@code operation} for the key with {@code keyFingerprint}. */
  static SlidingWindowLimiter forOperation(String keyFingerprint, SpecOperation operation, long windowMillis) {
    String id = keyFingerprint + ' ' + operation.id() + ' ' + operation.rateLimitRequests() + '/' + windowMillis;
    return LIMITERS.computeIfAbsent(
        id, ignored -> new SlidingWindowLimiter(operation.rateLimitRequests(), windowMillis));
  }
}
