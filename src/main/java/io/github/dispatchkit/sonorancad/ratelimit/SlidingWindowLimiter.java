package io.github.dispatchkit.sonorancad.ratelimit;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Admits at most {@code limit} requests in any rolling window, as the server counts them.
 *
 * <p>Why not a token bucket: a bucket of N tokens refilled at N per window admits N at the end of
 * one window and N more at the start of the next, up to 2N in one rolling window, which a server
 * counting by sliding window rejects. This is a sliding log instead, with one twist: a permit stays
 * occupied while its request is in flight and for a full window <em>after the response</em>. The
 * server saw the request at some instant between sending and the response, so a slot reused one
 * window after the response is more than one window after the server counted it, whatever the
 * latency. Hence: never more than {@code limit} arrivals in any window, for fixed and sliding
 * server windows alike, at the cost of one round-trip per window of allowance.
 *
 * <p>Thread-safe. Times are milliseconds from the injected clock; the caller does the waiting, and
 * stamps releases rounded up to the next millisecond so that none is counted before it happened.
 */
final class SlidingWindowLimiter {
  private final int limit;
  private final long windowMillis;
  private final ArrayDeque<Long> releases = new ArrayDeque<>();
  private int inFlight;
  private long pausedUntil;

  SlidingWindowLimiter(int limit, long windowMillis) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    if (windowMillis < 1) {
      throw new IllegalArgumentException("windowMillis < 1: " + windowMillis);
    }
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  /**
   * Takes a permit if one is free at {@code now}.
   *
   * @return 0 when the permit was taken, else the milliseconds until one may be free
   */
  synchronized long tryAcquire(long now) {
    for (Iterator<Long> i = releases.iterator(); i.hasNext(); ) {
      if (i.next() + windowMillis <= now) {
        i.remove();
      }
    }
    if (now < pausedUntil) {
      return pausedUntil - now;
    }
    if (inFlight + releases.size() < limit) {
      inFlight++;
      return 0;
    }
    long earliest = Long.MAX_VALUE;
    for (long released : releases) {
      earliest = Math.min(earliest, released);
    }
    // With every permit in flight, none can free before a whole window from now.
    return releases.isEmpty() ? windowMillis : earliest + windowMillis - now;
  }

  /** Returns a permit taken by {@link #tryAcquire}: its request ended (answered or failed) at {@code now}. */
  synchronized void release(long now) {
    if (inFlight == 0) {
      throw new IllegalStateException("release without a permit");
    }
    inFlight--;
    releases.addLast(now);
  }

  /** Admits nothing before {@code until}, as after a 429 that asked for a delay. */
  synchronized void pauseUntil(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  int limit() {
    return limit;
  }

  long windowMillis() {
    return windowMillis;
  }
}
