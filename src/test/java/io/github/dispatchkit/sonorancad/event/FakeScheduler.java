package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A scheduler on {@link FakeTime}: tasks run only when the test advances time. Thread-safe. */
final class FakeScheduler implements Scheduler {
  record Task(Instant due, Duration delay, Runnable runnable, CompletableFuture<Void> handle) {
  }

  private final FakeTime time;
  private final List<Task> tasks = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();

  FakeScheduler(FakeTime time) {
    this.time = time;
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    Task scheduled = new Task(time.instant().plus(delay), delay, task, new CompletableFuture<>());
    tasks.add(scheduled);
    delays.add(delay);
    return scheduled.handle();
  }

  /** Returns every delay asked for so far, in order. */
  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** Returns the delays of tasks still pending (not run, not cancelled). */
  synchronized List<Duration> pendingDelays() {
    return tasks.stream().filter(task -> !task.handle().isCancelled()).map(Task::delay).toList();
  }

  /** Moves the clock by {@code duration} and runs every task then due, earliest first. */
  void advance(Duration duration) {
    time.advance(duration);
    runDue();
  }

  void runDue() {
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream()
            .filter(task -> !task.due().isAfter(time.instant()))
            .min(Comparator.comparing(Task::due))
            .orElse(null);
        if (next == null) {
          return;
        }
        tasks.remove(next);
      }
      if (!next.handle().isCancelled()) {
        next.runnable().run();
        next.handle().complete(null);
      }
    }
  }
}
