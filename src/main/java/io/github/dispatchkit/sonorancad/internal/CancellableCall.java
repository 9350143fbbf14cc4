package io.github.dispatchkit.sonorancad.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import retrofit2.Call;

/**
 * The future of an asynchronous call: cancelling it cancels the HTTP attempt in flight and wakes
 * the worker from a permit or retry wait, and no further attempt starts.
 */
final class CancellableCall<T> extends CompletableFuture<T> {
  private Call<?> attempt;
  private Thread worker;

  /** Runs {@code call} on the current thread and completes this future with its outcome. */
  void run(Supplier<T> call) {
    synchronized (this) {
      if (isDone()) {
        return;
      }
      worker = Thread.currentThread();
    }
    try {
      complete(call.get());
    } catch (Throwable failure) {
      completeExceptionally(failure);
    } finally {
      synchronized (this) {
        worker = null;
      }
      // A cancel that raced with the end of the call must not interrupt the pool's next task.
      Thread.interrupted();
    }
  }

  /**
   * Records the attempt about to be sent.
   *
   * @throws CancellationException if this future was cancelled: no attempt may start
   */
  synchronized void starting(Call<?> next) {
    if (isCancelled()) {
      throw new CancellationException("cancelled");
    }
    attempt = next;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      synchronized (this) {
        if (attempt != null) {
          attempt.cancel();
        }
        if (worker != null) {
          worker.interrupt();
        }
      }
    }
    return cancelled;
  }
}
