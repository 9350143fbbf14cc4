package io.github.dispatchkit.sonorancad.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
  private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, 1_000);

  @Test
  void admitsLimitThenWaitsForTheOldestReleasePlusWindow() {
    for (long t = 0; t < 3; t++) {
      assertThat(limiter.tryAcquire(t)).isZero();
      limiter.release(t + 10);
    }
    assertThat(limiter.tryAcquire(500)).isEqualTo(510);
    assertThat(limiter.tryAcquire(1_009)).isEqualTo(1);
    assertThat(limiter.tryAcquire(1_010)).isZero();
  }

  @Test
  void aPermitInFlightHoldsItsSlotAWholeWindowAfterRelease() {
    assertThat(limiter.tryAcquire(0)).isZero();
    assertThat(limiter.tryAcquire(0)).isZero();
    assertThat(limiter.tryAcquire(0)).isZero();
    assertThat(limiter.tryAcquire(5_000)).as("all in flight: at least a window").isEqualTo(1_000);
    limiter.release(5_200);
    assertThat(limiter.tryAcquire(6_000)).isEqualTo(200);
    assertThat(limiter.tryAcquire(6_200)).isZero();
  }

  @Test
  void rollingWindowNeverHoldsMoreThanTheLimit() {
    // A token bucket of 3 refilled at 3 per second would admit 6 around t=1000; this admits 3.
    int admittedNearBoundary = 0;
    for (long t = 990; t <= 1_010; t++) {
      while (limiter.tryAcquire(t) == 0) {
        limiter.release(t);
        admittedNearBoundary++;
      }
    }
    assertThat(admittedNearBoundary).isEqualTo(3);
  }

  @Test
  void pauseBlocksEvenWithFreePermits() {
    limiter.pauseUntil(2_000);
    assertThat(limiter.tryAcquire(1_500)).isEqualTo(500);
    assertThat(limiter.tryAcquire(2_000)).isZero();
  }

  @Test
  void releaseWithoutPermitIsABug() {
    assertThatThrownBy(() -> limiter.release(0)).isInstanceOf(IllegalStateException.class);
  }
}
