package io.github.dispatchkit.sonorancad.event;

import java.time.Duration;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task after a delay: the one way the event code waits (reconnect backoff, keep-alive,
 * the {@code unitLocation} interval), so tests can replace it and take no real time.
 */
@FunctionalInterface
interface Scheduler {
  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @return a handle whose {@code cancel} stops the task if it has not started
   */
  Future<?> schedule(Runnable task, Duration delay);

  /** Cancels {@code task}, a handle from {@link #schedule} or null for none, unless it has started. */
  static void cancel(@Nullable Future<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }
}
