package io.github.dispatchkit.sonorancad.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.TestRedis;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Acquisition;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Limit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sliding-log semantics every {@link RateLimitStore} keeps, checked on the in-JVM store and on
 * Redis alike with the same fake clock: Redis through its scripts' time override, so each step
 * happens at an exact instant and nothing sleeps.
 */
class RateLimitStoreSemanticsTest {
  @RegisterExtension static final TestRedis REDIS = new TestRedis();
  /** The current test's clock, read by the one Redis store of the class (connecting takes a while). */
  private static final AtomicReference<FakeTime> CLOCK = new AtomicReference<>();
  private static RedisRateLimitStore redis;

  private final FakeTime time = new FakeTime();
  private final Limit limit = new Limit("contract-" + UUID.randomUUID() + ":op", 3, Duration.ofSeconds(1));

  @BeforeAll
  static void openRedis() {
    redis = RedisRateLimitStore.builder(REDIS.url())
        .epochMicros(() -> ChronoUnit.MICROS.between(Instant.EPOCH, CLOCK.get().instant()))
        .build();
  }

  @AfterAll
  static void closeRedis() {
    redis.close();
  }

  private RateLimitStore store(String kind) {
    CLOCK.set(time);
    return kind.equals("jvm") ? RateLimitStore.inJvm() : redis;
  }

  /** Moves the fake clock to {@code millis} after its start. */
  private void at(long millis) {
    time.advance(Duration.between(time.instant(), FakeTime.START.plusMillis(millis)));
  }

  private long tryAcquireAt(RateLimitStore store, long millis) throws IOException {
    at(millis);
    Acquisition acquisition = store.tryAcquire(limit, time);
    return acquisition.granted() ? 0 : acquisition.retryAfter().toMillis();
  }

  private String acquireAt(RateLimitStore store, long millis) throws IOException {
    at(millis);
    Acquisition acquisition = store.tryAcquire(limit, time);
    assertThat(acquisition.granted()).as("a slot is free at %d ms", millis).isTrue();
    return acquisition.permit();
  }

  private void releaseAt(RateLimitStore store, String permit, long millis) throws IOException {
    at(millis);
    store.release(limit, permit, time);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void admitsLimitThenWaitsForTheOldestReleasePlusWindow(String kind) throws IOException {
    RateLimitStore store = store(kind);
    for (long t = 0; t < 3; t++) {
      String permit = acquireAt(store, t);
      releaseAt(store, permit, t + 10);
    }
    assertThat(tryAcquireAt(store, 500)).isEqualTo(510);
    assertThat(tryAcquireAt(store, 1_009)).isEqualTo(1);
    assertThat(tryAcquireAt(store, 1_010)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void aSlotInFlightIsHeldUntilAWindowAfterItsRelease(String kind) throws IOException {
    RateLimitStore store = store(kind);
    String first = acquireAt(store, 0);
    acquireAt(store, 0);
    acquireAt(store, 0);
    assertThat(tryAcquireAt(store, 5_000)).as("all in flight: at least a window").isEqualTo(1_000);
    releaseAt(store, first, 5_200);
    assertThat(tryAcquireAt(store, 6_000)).isEqualTo(200);
    assertThat(tryAcquireAt(store, 6_200)).isZero();
  }

  /** A release inside a millisecond is stamped at the next one: the slot frees a whole window after. */
  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void aReleaseInsideAMillisecondIsStampedRoundedUp(String kind) throws IOException {
    RateLimitStore store = store(kind);
    String[] permits = {acquireAt(store, 0), acquireAt(store, 0), acquireAt(store, 0)};
    at(100);
    time.advance(Duration.ofNanos(500_000));
    store.release(limit, permits[0], time);
    assertThat(tryAcquireAt(store, 1_100)).isEqualTo(1);
    assertThat(tryAcquireAt(store, 1_101)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void rollingWindowNeverHoldsMoreThanTheLimit(String kind) throws IOException {
    RateLimitStore store = store(kind);
    // A token bucket of 3 refilled at 3 per second would admit 6 around t=1000; this admits 3.
    int admitted = 0;
    for (long t = 990; t <= 1_010; t++) {
      at(t);
      Acquisition acquisition;
      while ((acquisition = store.tryAcquire(limit, time)).granted()) {
        store.release(limit, acquisition.permit(), time);
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void aPauseBlocksEvenWithFreeSlotsAndAShorterOneChangesNothing(String kind) throws IOException {
    RateLimitStore store = store(kind);
    at(0);
    store.pause(limit, Duration.ofMillis(2_000), time);
    at(1_000);
    store.pause(limit, Duration.ofMillis(500), time);
    assertThat(tryAcquireAt(store, 1_500)).isEqualTo(500);
    assertThat(tryAcquireAt(store, 2_000)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jvm", "redis"})
  void limitsAreIndependent(String kind) throws IOException {
    RateLimitStore store = store(kind);
    Limit other = new Limit(limit.name() + "-other", 1, limit.window());
    Limit longer = new Limit(limit.name(), 3, Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      acquireAt(store, 0);
    }
    assertThat(store.tryAcquire(other, time).granted()).isTrue();
    assertThat(store.tryAcquire(other, time).granted()).isFalse();
    assertThat(store.tryAcquire(longer, time).granted()).as("another window is another limit").isTrue();
  }
}
