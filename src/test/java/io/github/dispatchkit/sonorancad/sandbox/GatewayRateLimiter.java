package io.github.dispatchkit.sonorancad.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Enforces "at most N requests per rolling window" with a sliding log of accepted requests per bucket.
 *
 * <p>A bucket is any string; the sandbox uses one per API key and operation, as the gateway counts.
 * Only accepted requests enter the log, so a rejected request does not push the window further out.
 * The clock is injected so that tests can move time forward without sleeping. Thread-safe.
 */
final class GatewayRateLimiter {

  /**
   * Outcome of one {@link #tryAcquire} call.
   *
   * <p>When {@code permitted} is false, {@code retryAfter} is the time until the oldest logged
   * request leaves the window, the earliest moment a retry can succeed; otherwise it is zero.
   */
  record Decision(boolean permitted, Duration retryAfter) {

    /** Returns {@link #retryAfter} in whole seconds, rounded up and at least 1, for a Retry-After header. */
    long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return Math.max(1, seconds);
    }
  }

  private final InstantSource clock;
  private final Map<String, Deque<Instant>> logs = new HashMap<>();

  GatewayRateLimiter(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records a request in {@code bucket} if fewer than {@code limit} were accepted in the last {@code window}.
   *
   * @param bucket the counter to use, such as an API key and operation
   * @param limit requests allowed per window, at least 1
   * @param window length of the rolling window, positive
   * @return whether the request is permitted and, if not, how long until it would be
   */
  synchronized Decision tryAcquire(String bucket, int limit, Duration window) {
    Objects.requireNonNull(bucket, "bucket");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    Instant now = clock.instant();
    Deque<Instant> log = logs.computeIfAbsent(bucket, ignored -> new ArrayDeque<>());
    Instant windowStart = now.minus(window);
    while (!log.isEmpty() && !log.peekFirst().isAfter(windowStart)) {
      log.pollFirst();
    }
    if (log.size() < limit) {
      log.addLast(now);
      return new Decision(true, Duration.ZERO);
    }
    Duration untilOldestLeaves = Duration.between(now, log.peekFirst().plus(window));
    return new Decision(false, untilOldestLeaves);
  }
}
