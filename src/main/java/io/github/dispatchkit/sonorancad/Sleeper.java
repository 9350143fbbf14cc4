package io.github.dispatchkit.sonorancad;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a duration: the one way the client waits, for rate-limit permits and retry delays.
 *
 * <p>Inject a fake with {@link SonoranCadClient.Builder#sleeper(Sleeper)}, together with a fake
 * {@link java.time.Clock}, to test timing without real waits.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread with {@link TimeUnit#sleep}. */
  Sleeper SYSTEM = new Sleeper() {
    @Override
    public void sleep(Duration duration) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    @Override
    public String toString() {
      return "Sleeper.SYSTEM";
    }
  };

  /**
   * Returns after {@code duration} has passed.
   *
   * @param duration how long to wait; zero or more
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
