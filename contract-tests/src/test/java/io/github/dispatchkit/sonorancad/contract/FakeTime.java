package io.github.dispatchkit.sonorancad.contract;

import io.github.dispatchkit.sonorancad.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when told, and a sleeper that records each wait and moves the clock by
 * it instead of sleeping: retries and rate-limit waits take no real time.
 */
final class FakeTime extends Clock implements Sleeper {
  /** A whole second, so that HTTP-dates (second precision) relative to it are exact. */
  static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

  private final AtomicLong millis = new AtomicLong(START.toEpochMilli());
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    millis.addAndGet(duration.toMillis());
  }

  /** Moves the clock forward without recording a sleep. */
  void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  /** Returns every wait the client asked for, in order. */
  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("FakeTime is UTC only");
  }
}
