package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Paces {@code unitLocation}: splits updates into calls of at most {@value #MAX_PER_CALL} and sends
 * them in order, also across requests, no closer together than the interval. Whatever finds the hub
 * not authenticated fails at once. Its methods run under the supervisor's lock; when a call is due
 * later it runs {@code due}, which takes the lock and calls {@link #dueLocked}.
 */
final class LocationPacer {
  /** Largest batch of one {@code unitLocation} call (Unit Locations page). */
  static final int MAX_PER_CALL = 25;

  private record Batch(List<HubUnitLocation> updates, CompletableFuture<HubResult> result) {
  }

  private final Duration interval;
  private final SonoranCadEvents events;
  private final Runnable due;
  private final Deque<Batch> queue = new ArrayDeque<>();
  private Instant nextAt = Instant.MIN;
  private @Nullable Future<?> timer;

  /** Paces calls {@code interval} apart on the time of {@code events}; {@code due} drains, under the lock. */
  LocationPacer(Duration interval, SonoranCadEvents events, Runnable due) {
    this.interval = interval;
    this.events = events;
    this.due = due;
  }

  /** Queues {@code updates} as calls; returns the hub's result of each call, in order. */
  CompletableFuture<List<HubResult>> addLocked(List<HubUnitLocation> updates) {
    List<CompletableFuture<HubResult>> results = new ArrayList<>();
    for (int from = 0; from < updates.size(); from += MAX_PER_CALL) {
      List<HubUnitLocation> chunk = List.copyOf(updates.subList(from, Math.min(updates.size(), from + MAX_PER_CALL)));
      CompletableFuture<HubResult> result = new CompletableFuture<>();
      results.add(result);
      queue.add(new Batch(chunk, result));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Sends the calls now due through {@code authenticated}, the session if the hub is authenticated,
   * and schedules the rest; with no such session, fails every queued call naming {@code state}.
   */
  void drainLocked(@Nullable HubSession authenticated, HubState state, List<Runnable> after) {
    if (timer != null) {
      return;
    }
    while (!queue.isEmpty()) {
      Batch batch = queue.peek();
      if (authenticated == null) {
        queue.poll();
        HubException notReady = new HubException("unitLocation", "the hub connection is " + state
            + ", not authenticated", null);
        after.add(() -> batch.result().completeExceptionally(notReady));
        continue;
      }
      Instant now = events.clock().instant();
      if (now.isBefore(nextAt)) {
        timer = events.scheduler().schedule(due, Duration.between(now, nextAt));
        return;
      }
      queue.poll();
      nextAt = now.plus(interval);
      authenticated.invokeLocked("unitLocation", List.of(batch.updates()), (result, error) -> {
        if (error != null) {
          batch.result().completeExceptionally(new HubException("unitLocation", events.apiKey().redact(error), null));
        } else if (result == null || Boolean.FALSE.equals(result.success())) {
          batch.result().completeExceptionally(new HubException("unitLocation", "the hub refused the updates: "
              + (result == null ? "unreadable result" : events.apiKey().redact(result.error())), null));
        } else {
          batch.result().complete(result);
        }
      });
    }
  }

  /** The interval has passed: sends what is due (see {@link #drainLocked}). */
  void dueLocked(@Nullable HubSession authenticated, HubState state, List<Runnable> after) {
    timer = null;
    drainLocked(authenticated, state, after);
  }

  /** Fails every queued call with {@code reason} and stops the timer. */
  void stopLocked(HubException reason, List<Runnable> after) {
    Scheduler.cancel(timer);
    timer = null;
    for (Batch batch : queue) {
      after.add(() -> batch.result().completeExceptionally(reason));
    }
    queue.clear();
  }
}
