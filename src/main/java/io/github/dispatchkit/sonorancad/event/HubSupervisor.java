package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one logical connection to the hub up: opens a {@link HubSession} through the
 * {@link HubTransport}; after a drop, reconnects with exponential backoff and equal jitter, reset
 * only by a connection that stayed authenticated for the server timeout; tracks the
 * {@link HubState}; and stops for good when the hub refuses authentication or answers the upgrade
 * with a status no retry can fix (a 3xx, or a 4xx but 408 and 429). {@code unitLocation} goes
 * through its {@link LocationPacer}. Thread-safe: one lock guards the supervisor, its session and
 * the pacer, and state listeners, the dispatcher and futures are called outside it.
 */
final class HubSupervisor implements HubSession.Owner, AutoCloseable {
  private final HubSettings settings;
  private final SonoranCadEvents events;
  private final HubTransport transport;
  private final Object lock = new Object();
  private final CompletableFuture<HubResult> firstAuthentication = new CompletableFuture<>();
  private final AtomicLong invocationIds = new AtomicLong();
  private final LocationPacer locations;

  private HubState state = HubState.NEW;
  private @Nullable HubSession session;
  private int failedAttempts;
  private @Nullable Future<?> reconnect;
  private Instant authenticatedAt = Instant.MIN;
  private int authentications;

  /**
   * Creates a supervisor with the key, time and handlers of {@code events}; nothing connects until
   * {@link #start()}.
   */
  HubSupervisor(HubSettings settings, SonoranCadEvents events, HubTransport transport) {
    this.settings = settings;
    this.events = events;
    this.transport = transport;
    this.locations = new LocationPacer(settings.unitLocationInterval(), events, this::locationsDue);
  }

  /** Opens the first connection; returns at once. */
  void start() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (state != HubState.NEW) {
        throw new IllegalStateException("already started");
      }
      connectLocked(HubState.CONNECTING, after);
    }
    run(after);
  }

  /** Completes with the first successful authentication, or exceptionally if it is refused or the connection stopped first. */
  CompletableFuture<HubResult> firstAuthentication() {
    return firstAuthentication.copy();
  }

  HubState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Returns how many times the hub accepted {@code authenticatev2} (once per connection). */
  int authentications() {
    synchronized (lock) {
      return authentications;
    }
  }

  /** Hands {@code updates} to the pacer; see {@link LocationPacer}. */
  CompletableFuture<List<HubResult>> sendUnitLocations(List<HubUnitLocation> updates) {
    List<Runnable> after = new ArrayList<>();
    CompletableFuture<List<HubResult>> results;
    synchronized (lock) {
      results = locations.addLocked(updates);
      locations.drainLocked(authenticatedSession(), state, after);
    }
    run(after);
    return results;
  }

  /** Stops in any state: closes an open socket politely and cuts it after 1 s, so no thread keeps reading. */
  @Override
  public void close() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (state == HubState.CLOSED) {
        return;
      }
      HubSession current = session;
      stopLocked(HubState.CLOSED, new HubException("hub", "the connection was closed by the application", null), after);
      if (current != null && current.opened()) {
        current.close("client closed");
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(current::cancel);
      } else if (current != null) {
        current.cancel();
      }
    }
    transport.close();
    run(after);
  }

  @Override
  public void ifCurrent(HubSession candidate, Consumer<List<Runnable>> action) {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (candidate == session) {
        action.accept(after);
      }
    }
    run(after);
  }

  @Override
  public void authenticatedLocked(HubResult result, List<Runnable> after) {
    authenticatedAt = events.clock().instant();
    authentications++;
    setStateLocked(HubState.AUTHENTICATED, after);
    after.add(() -> firstAuthentication.complete(result));
    locations.drainLocked(authenticatedSession(), state, after);
  }

  @Override
  public void refusedLocked(HubAuthenticationException failure, List<Runnable> after) {
    stopLocked(HubState.FAILED, failure, after);
    report(failure, after);
  }

  /** Ends the current session and schedules the next attempt with backoff. */
  @Override
  public void droppedLocked(HubException reason, List<Runnable> after) {
    // Only a connection that stayed authenticated for the server timeout resets the backoff: a hub that
    // accepts and drops at once is retried ever more slowly, as one that refuses connections is.
    if (state == HubState.AUTHENTICATED
        && Duration.between(authenticatedAt, events.clock().instant()).compareTo(settings.serverTimeout()) >= 0) {
      failedAttempts = 0;
    }
    HubSession ended = session;
    session = null;
    if (ended != null) {
      ended.endLocked(reason, after);
      ended.cancel();
    }
    failedAttempts = Math.min(failedAttempts + 1, 64);
    Duration delay = backoff(failedAttempts);
    setStateLocked(HubState.RECONNECTING, after);
    reconnect = events.scheduler().schedule(this::reconnectNow, delay);
    report(new HubException("hub", reason.getMessage().replaceFirst("^hub: ", "")
        + "; reconnecting in " + delay.toMillis() + " ms", reason.getCause()), after);
  }

  private void connectLocked(HubState connecting, List<Runnable> after) {
    HubSession next = new HubSession(settings, events, invocationIds, this);
    session = next;
    setStateLocked(connecting, after);
    next.startLocked(transport.open(new Listener(next)));
  }

  private void reconnectNow() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (state == HubState.RECONNECTING) {
        connectLocked(HubState.RECONNECTING, after);
      }
    }
    run(after);
  }

  /** Equal jitter: half the capped exponential delay, plus a random part of the other half. */
  private Duration backoff(int attempt) {
    long initial = settings.reconnectInitialDelay().toMillis();
    long max = settings.reconnectMaxDelay().toMillis();
    long cap = attempt >= 31 ? max : Math.min(max, initial << (attempt - 1));
    if (cap < 0) {
      cap = max;
    }
    return Duration.ofMillis(cap / 2 + Math.round(events.random().getAsDouble() * (cap - cap / 2)));
  }

  /** A websocket upgrade answer no retry can fix (a 3xx, or a 4xx other than 408 and 429): stops for good. */
  private void refusedUpgradeLocked(int code, List<Runnable> after) {
    HubException failure = new HubException("hub", "the hub at " + events.apiKey().redact(transport.url().toString())
        + " answered HTTP " + code + " to the websocket upgrade; " + (code < 400
            ? "redirects are not followed (the API key goes only to the configured hub): set the hub's final URL"
            : "check the hub URL") + " (not retried)", null);
    HubSession current = session;
    stopLocked(HubState.FAILED, failure, after);
    if (current != null) {
      current.cancel();
    }
    report(failure, after);
  }

  private static boolean retryable(int code) {
    return code >= 500 || code == 408 || code == 429 || code < 300;
  }

  private void stopLocked(HubState finalState, HubException reason, List<Runnable> after) {
    HubSession ended = session;
    session = null;
    if (ended != null) {
      ended.endLocked(reason, after);
    }
    Scheduler.cancel(reconnect);
    locations.stopLocked(reason, after);
    setStateLocked(finalState, after);
    after.add(() -> firstAuthentication.completeExceptionally(reason));
  }

  private void locationsDue() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      locations.dueLocked(authenticatedSession(), state, after);
    }
    run(after);
  }

  private @Nullable HubSession authenticatedSession() {
    return state == HubState.AUTHENTICATED ? session : null;
  }

  private void setStateLocked(HubState newState, List<Runnable> after) {
    if (state != newState) {
      state = newState;
      after.add(() -> settings.stateListener().accept(newState));
    }
  }

  private void report(HubException error, List<Runnable> after) {
    after.add(() -> events.dispatcher().error(error));
  }

  private static void run(List<Runnable> actions) {
    for (Runnable action : actions) {
      action.run();
    }
  }

  /** Feeds one websocket's events to its session, and decides what a failure means for the connection. */
  private final class Listener extends WebSocketListener {
    private final HubSession session;

    Listener(HubSession session) {
      this.session = session;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      ifCurrent(session, after -> {
        transport.messageEnded();
        session.openedLocked();
      });
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      transport.messageEnded();
      ifCurrent(session, after -> session.receivedLocked(text, after));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      transport.messageEnded(); // the SignalR JSON protocol sends none: ignored
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      lost(new HubException("hub", "the hub closed the websocket (" + code + ")", null));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      lost(new HubException("hub", "the websocket closed (" + code + ")", null));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      if (response != null && !retryable(response.code())) {
        ifCurrent(session, after -> refusedUpgradeLocked(response.code(), after));
        return;
      }
      String status = response == null ? "" : " (HTTP " + response.code() + ")";
      lost(new HubException("hub", "connection to " + events.apiKey().redact(transport.url().toString()) + " failed"
          + status + ": " + events.apiKey().redact(String.valueOf(t.getMessage())), null));
    }

    private void lost(HubException reason) {
      ifCurrent(session, after -> droppedLocked(reason, after));
    }
  }
}
