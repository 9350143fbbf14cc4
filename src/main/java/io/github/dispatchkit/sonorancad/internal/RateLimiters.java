package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.RateLimitStore.Limit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide limiters, one per API key, operation, count and window, so every client instance
 * using a key shares that key's documented allowance. Keys are held only as SHA-256 fingerprints.
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

  /** Returns the name of the limit of {@code operation} for the key with {@code keyFingerprint}. */
  static String limitName(String keyFingerprint, SpecOperation operation) {
    return keyFingerprint + ':' + operation.id();
  }

  /** Returns a hex SHA-256 of the API key, to key limiters without keeping the key itself. */
  static String fingerprint(String apiKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(hash.length * 2);
      for (byte b : hash) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required on every Java platform", e);
    }
  }
}
