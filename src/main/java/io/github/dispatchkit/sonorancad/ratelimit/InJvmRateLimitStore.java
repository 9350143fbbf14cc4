package io.github.dispatchkit.sonorancad.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The default {@link RateLimitStore}: one {@link SlidingWindowLimiter} per limit, JVM-wide
 * ({@link RateLimiters}), timed by the caller's clock.
 *
 * <p>Permits are taken on the rounded-down {@code clock.millis()} and released on the time rounded
 * up to the next millisecond: a slot frees a window after its release stamp, and a stamp rounded
 * down, up to a millisecond before the real release, would let the next request reach the server
 * less than a window after it counted this one whenever the round trip is under a millisecond
 * (loopback, a nearby test server). So a slot is reused only once a whole window has surely passed.
 */
final class InJvmRateLimitStore implements RateLimitStore {
  /** The one instance: the limiters are JVM-wide anyway. */
  static final InJvmRateLimitStore INSTANCE = new InJvmRateLimitStore();

  /** The permit of every in-JVM slot: the limiter counts slots in flight and needs no name. */
  private static final String PERMIT = "jvm";
  private static final Acquisition GRANTED = Acquisition.ofPermit(PERMIT);

  private InJvmRateLimitStore() {
  }

  @Override
  public Acquisition tryAcquire(Limit limit, Clock clock) {
    long delay = RateLimiters.forLimit(limit).tryAcquire(clock.millis());
    return delay == 0 ? GRANTED : Acquisition.ofWait(Duration.ofMillis(delay));
  }

  @Override
  public void release(Limit limit, String permit, Clock clock) {
    Instant now = clock.instant();
    long millis = now.toEpochMilli();
    RateLimiters.forLimit(limit).release(now.getNano() % 1_000_000 == 0 ? millis : millis + 1);
  }

  @Override
  public void pause(Limit limit, Duration duration, Clock clock) {
    RateLimiters.forLimit(limit).pauseUntil(clock.millis() + pauseMillis(duration));
  }

  /** Returns {@code duration} in milliseconds, cut to {@link #MAX_PAUSE}: never an overflow. */
  static long pauseMillis(Duration duration) {
    if (duration.isNegative()) {
      return 0;
    }
    return duration.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE.toMillis() : duration.toMillis();
  }

  @Override
  public String toString() {
    return "RateLimitStore.inJvm()";
  }
}
