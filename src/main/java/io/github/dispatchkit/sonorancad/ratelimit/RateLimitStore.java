package io.github.dispatchkit.sonorancad.ratelimit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the slots of the client's rate limits live: in this JVM ({@link #inJvm()}, the default), or
 * shared by many processes ({@link RedisRateLimitStore}).
 *
 * <p>Every store keeps the same sliding log: at most {@link Limit#requests()} slots per limit; a call
 * holds one from {@link #tryAcquire} while its request is in flight, and for one
 * {@link Limit#window()} after {@link #release}, the moment its response (or failure) came back. The
 * server counted the request at some instant in between, so a slot reused one window after the
 * response is more than one window after the server counted it: never more than {@code requests}
 * arrivals in any rolling window, whatever the latency. {@link #pause} admits nothing for a while,
 * after a 429 asked for that.
 *
 * <p>Times: a store that keeps its own clock (Redis uses the Redis server's) ignores the
 * {@code clock} arguments; the in-JVM store reads them, so a fake clock makes it deterministic.
 *
 * <p>Implementations are thread-safe. The client calls {@link #tryAcquire} and {@link #release} once
 * per HTTP attempt, and never closes a store it was given.
 */
public interface RateLimitStore {
  /**
   * Returns the default store: slots live in this JVM's memory, shared by every client of the same
   * API key in the JVM, and not by other processes.
   */
  static RateLimitStore inJvm() {
    return InJvmRateLimitStore.INSTANCE;
  }

  /**
   * Takes a slot of {@code limit} if one is free now.
   *
   * @param clock the client's clock
   * @return the permit, or how long until a slot may be free
   * @throws IOException if the store cannot be reached; the client then sends nothing and throws
   *     {@link io.github.dispatchkit.sonorancad.exception.RateLimitStoreException}
   */
  Acquisition tryAcquire(Limit limit, Clock clock) throws IOException;

  /**
   * Returns the slot of {@code permit}: its request ended now, so the slot frees one window from now.
   *
   * @param clock the client's clock
   * @throws IOException if the store cannot be reached; a store must then free the slot by itself
   *     within a bounded time (the client ignores this failure: the response already arrived)
   */
  void release(Limit limit, String permit, Clock clock) throws IOException;

  /**
   * The longest pause the built-in stores keep: a longer {@link #pause} is cut to this. The client
   * itself never asks for more than its {@code maxRetryWait} (60 s by default).
   */
  Duration MAX_PAUSE = Duration.ofDays(1);

  /**
   * Admits nothing of {@code limit} for {@code duration} from now, as after a 429 that asked for a
   * delay. A shorter pause than one already in force changes nothing. Implementations must accept
   * any non-negative duration without overflowing, up to {@link Duration}'s largest.
   *
   * @param clock the client's clock
   * @throws IOException if the store cannot be reached (the client ignores this failure)
   */
  void pause(Limit limit, Duration duration, Clock clock) throws IOException;

  /**
   * One limit: {@code requests} per rolling {@code window}, for the API key and operation
   * {@code name} stands for.
   *
   * @param name identifies the API key and operation; built from a SHA-256 fingerprint of the key,
   *     never the key itself, such as {@code "3f2a...c1:setUnitStatus"}
   * @param requests at most this many in any window; at least 1
   * @param window the rolling window; at least 1 ms
   */
  record Limit(String name, int requests, Duration window) {
    /** Checks the arguments. */
    public Limit {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(window, "window == null");
      if (requests < 1) {
        throw new IllegalArgumentException("requests < 1: " + requests);
      }
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("window < 1 ms: " + window);
      }
    }

    // Written out: a record's generated equals and hashCode bootstrap through invokedynamic on first
    // use, which a client's first call would pay.
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Limit that && requests == that.requests && name.equals(that.name)
          && window.equals(that.window);
    }

    @Override
    public int hashCode() {
      return (name.hashCode() * 31 + requests) * 31 + window.hashCode();
    }
  }

  /**
   * What {@link #tryAcquire} got: a permit to send, or a wait.
   *
   * @param permit identifies the slot taken, to pass to {@link #release}; null if none was free
   * @param retryAfter zero with a permit, else how long until a slot may be free (positive)
   */
  record Acquisition(String permit, Duration retryAfter) {
    /** Checks that exactly one of a permit and a positive wait is given. */
    public Acquisition {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      if ((permit == null) == (retryAfter.isZero() || retryAfter.isNegative())) {
        throw new IllegalArgumentException("either a permit or a positive retryAfter: " + permit + ", " + retryAfter);
      }
    }

    /** Returns an acquisition that took the slot {@code permit}. */
    public static Acquisition ofPermit(String permit) {
      return new Acquisition(Objects.requireNonNull(permit, "permit == null"), Duration.ZERO);
    }

    /** Returns an acquisition that took nothing: try again after {@code retryAfter}. */
    public static Acquisition ofWait(Duration retryAfter) {
      return new Acquisition(null, retryAfter);
    }

    /** Returns whether a slot was taken. */
    public boolean granted() {
      return permit != null;
    }
  }
}
