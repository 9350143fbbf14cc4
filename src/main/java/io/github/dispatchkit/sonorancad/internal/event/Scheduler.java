package io.github.dispatchkit.sonorancad.internal.event;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs a task after a delay: the one way the event code waits (reconnect backoff, keep-alive,
 * the {@code unitLocation} interval), so tests can replace it and take no real time.
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @return a handle whose {@code cancel} stops the task if it has not started
   */
  Future<?> schedule(Runnable task, Duration delay);
}
