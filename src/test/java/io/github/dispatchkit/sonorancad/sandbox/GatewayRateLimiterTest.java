package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rolling-window log, driven by a fake clock. */
class GatewayRateLimiterTest {

  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final SonoranCadSandboxTest.FakeClock clock = new SonoranCadSandboxTest.FakeClock();
  private final GatewayRateLimiter limiter = new GatewayRateLimiter(clock);

  @Test
  void permitsUpToTheLimitInAWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("key op", 3, WINDOW).permitted()).isTrue();
    }

    GatewayRateLimiter.Decision rejected = limiter.tryAcquire("key op", 3, WINDOW);

    assertThat(rejected.permitted()).isFalse();
    assertThat(rejected.retryAfter()).isEqualTo(WINDOW);
    assertThat(rejected.retryAfterSeconds()).isEqualTo(60);
  }

  @Test
  void theWindowRollsRatherThanResetting() {
    limiter.tryAcquire("b", 2, WINDOW);
    clock.advance(Duration.ofSeconds(40));
    limiter.tryAcquire("b", 2, WINDOW);
    clock.advance(Duration.ofSeconds(19));

    assertThat(limiter.tryAcquire("b", 2, WINDOW).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("b", 2, WINDOW).permitted()).isTrue();
    assertThat(limiter.tryAcquire("b", 2, WINDOW).retryAfter()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void rejectedRequestsAreNotLogged() {
    limiter.tryAcquire("b", 1, WINDOW);
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryAcquire("b", 1, WINDOW).permitted()).isFalse();
    clock.advance(Duration.ofSeconds(30));

    assertThat(limiter.tryAcquire("b", 1, WINDOW).permitted()).isTrue();
  }

  @Test
  void bucketsAreIndependent() {
    limiter.tryAcquire("key-a op", 1, WINDOW);

    assertThat(limiter.tryAcquire("key-b op", 1, WINDOW).permitted()).isTrue();
    assertThat(limiter.tryAcquire("key-a other-op", 1, WINDOW).permitted()).isTrue();
    assertThat(limiter.tryAcquire("key-a op", 1, WINDOW).permitted()).isFalse();
  }

  @Test
  void retryAfterSecondsRoundsUpAndIsAtLeastOne() {
    assertThat(new GatewayRateLimiter.Decision(false, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    assertThat(new GatewayRateLimiter.Decision(false, Duration.ofMillis(1001)).retryAfterSeconds()).isEqualTo(2);
    assertThat(new GatewayRateLimiter.Decision(false, Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void rejectsNonsenseLimits() {
    assertThatThrownBy(() -> limiter.tryAcquire("b", 0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire("b", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
