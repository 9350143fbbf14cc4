package io.github.dispatchkit.sonorancad;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that only moves when told, and a sleeper that records each wait and moves the clock by it
 * instead of sleeping: retries and rate-limit waits take no real time. Thread-safe.
 */
public final class FakeTime extends Clock implements Sleeper {
  /** A whole second, so that HTTP-dates (second precision) relative to it are exact. */
  public static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private Instant now;

  public FakeTime(Instant start) {
    this.now = start;
  }

  public FakeTime() {
    this(START);
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  /** Moves the clock forward without recording a sleep. */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Returns every duration slept so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
