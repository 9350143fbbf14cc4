package io.github.dispatchkit.sonorancad.event;

import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import okhttp3.WebSocket;
import org.jspecify.annotations.Nullable;

/**
 * One connection attempt to the hub, speaking SignalR's JSON protocol over a websocket: it sends the
 * handshake, then {@code authenticatev2(communityId, apiKey[, serverId])}; splits what arrives into
 * records, each capped; matches completions to the invocations sent; hands every {@code pushEvent}
 * argument (a JSON string or an object) to the events' dispatcher; and pings every keep-alive
 * interval. It tells its {@link Owner} how the authentication went, and of a drop: a hub silent for
 * the server timeout, an upgrade, or a handshake with authentication, slower than the handshake
 * timeout, an unusable handshake answer, a close message, a record over the cap. It never
 * reconnects. Every text from the hub that reaches an error goes through the key's redaction. Its
 * methods run under the owner's lock.
 */
final class HubSession {
  /** Supervises the sessions; its {@code *Locked} methods are called with its lock held. */
  interface Owner {
    /** Runs {@code action} under the lock if {@code session} is still the current one, then the actions it queued. */
    void ifCurrent(HubSession session, Consumer<List<Runnable>> action);

    /** The hub accepted {@code authenticatev2}. */
    void authenticatedLocked(HubResult result, List<Runnable> after);

    /** The hub refused {@code authenticatev2}, which no retry can fix. */
    void refusedLocked(HubAuthenticationException failure, List<Runnable> after);

    /** The connection is lost or unusable; another may do better. */
    void droppedLocked(HubException reason, List<Runnable> after);
  }

  private static final JsonAdapter<HubResult> RESULT = Json.MOSHI.adapter(HubResult.class);

  private final HubSettings settings;
  private final SonoranCadEvents events;
  private final AtomicLong invocationIds;
  private final Owner owner;
  private final SignalRProtocol.Records records;
  private final Map<String, BiConsumer<@Nullable HubResult, @Nullable String>> pending = new LinkedHashMap<>();
  private WebSocket socket;
  private boolean opened;
  private boolean handshakeDone;
  private boolean authenticated;
  private boolean ended;
  private Instant lastReceived;
  private @Nullable Future<?> keepAlive;
  private @Nullable Future<?> deadline;

  /**
   * Creates a session with the key, time and handlers of {@code events}; {@code invocationIds}
   * numbers the invocations of every session of one connection, so that an answer meant for an
   * earlier session can never match a later call.
   */
  HubSession(HubSettings settings, SonoranCadEvents events, AtomicLong invocationIds, Owner owner) {
    this.settings = settings;
    this.events = events;
    this.invocationIds = invocationIds;
    this.owner = owner;
    this.records = new SignalRProtocol.Records(settings.maxMessageBytes());
  }

  /** Starts the attempt on {@code socket}, whose upgrade is under way. */
  void startLocked(WebSocket socket) {
    this.socket = socket;
    scheduleDeadlineLocked("no answer to the websocket upgrade");
  }

  /** The upgrade succeeded: sends the handshake, starts the pings and gives the handshake its own deadline. */
  void openedLocked() {
    lastReceived = events.clock().instant();
    opened = true;
    send(SignalRProtocol.handshakeRequest());
    scheduleKeepAliveLocked();
    scheduleDeadlineLocked("no answer to the SignalR handshake and authenticatev2");
  }

  /** Returns whether the upgrade succeeded, so that a close can be polite. */
  boolean opened() {
    return opened;
  }

  /** Handles one text frame from the hub: each whole record in it, in order. */
  void receivedLocked(String text, List<Runnable> after) {
    lastReceived = events.clock().instant();
    List<String> complete;
    try {
      complete = records.feed(text);
    } catch (SignalRProtocol.RecordTooLargeException e) {
      owner.droppedLocked(new HubException("hub", e.getMessage(), null), after);
      return;
    }
    for (String record : complete) {
      if (ended) {
        return; // a record ended the session; ignore the rest of this frame
      }
      Object message;
      try {
        message = SignalRProtocol.parse(record);
      } catch (IOException e) {
        if (!handshakeDone) {
          owner.droppedLocked(new HubException("hub", "unreadable handshake response", e), after);
          return;
        }
        report(new HubException("hub", "ignored a hub message that is not JSON (" + mask(e.getMessage()) + ")", null), after);
        continue;
      }
      if (!handshakeDone) {
        handshakeLocked(message, after);
      } else {
        messageLocked(message, record.length(), after);
      }
    }
  }

  /**
   * Invokes a hub method; {@code callback} gets its result (null if absent or not a
   * {@link HubResult}), or the error of the hub or of a lost connection, outside the lock.
   */
  void invokeLocked(String method, List<?> arguments, BiConsumer<@Nullable HubResult, @Nullable String> callback) {
    String id = Long.toString(invocationIds.getAndIncrement());
    pending.put(id, callback);
    send(SignalRProtocol.invocation(id, method, arguments));
  }

  /** Ends the session: stops its timers and fails the invocations still unanswered. The socket is the caller's to end. */
  void endLocked(HubException reason, List<Runnable> after) {
    ended = true;
    Scheduler.cancel(keepAlive);
    Scheduler.cancel(deadline);
    List<BiConsumer<@Nullable HubResult, @Nullable String>> callbacks = new ArrayList<>(pending.values());
    pending.clear();
    for (BiConsumer<@Nullable HubResult, @Nullable String> callback : callbacks) {
      after.add(() -> callback.accept(null, "connection lost before the hub answered (" + reason.getMessage() + ")"));
    }
  }

  /** Closes the websocket politely (1000) with {@code reason}. */
  void close(String reason) {
    socket.close(1000, reason);
  }

  /** Cuts the websocket at once. */
  void cancel() {
    socket.cancel();
  }

  private void handshakeLocked(Object message, List<Runnable> after) {
    if (!(message instanceof Map<?, ?> map)) {
      owner.droppedLocked(new HubException("hub", "the handshake response is not a JSON object", null), after);
      return;
    }
    if (map.get("error") != null) {
      owner.droppedLocked(new HubException("hub", "the hub refused the handshake: "
          + mask(String.valueOf(map.get("error"))), null), after);
      return;
    }
    handshakeDone = true;
    List<Object> arguments = new ArrayList<>(List.of(settings.communityId(), events.apiKey().value()));
    if (settings.serverId() != null) {
      arguments.add(settings.serverId());
    }
    invokeLocked("authenticatev2", arguments,
        (result, error) -> owner.ifCurrent(this, later -> authenticationLocked(result, error, later)));
  }

  private void authenticationLocked(@Nullable HubResult result, @Nullable String error, List<Runnable> after) {
    if (error != null) {
      refuseLocked(mask(error), after);
    } else if (result == null || !Boolean.TRUE.equals(result.success())) {
      refuseLocked(result == null ? "unreadable result" : mask(result.error()), after);
    } else {
      authenticated = true;
      Scheduler.cancel(deadline);
      owner.authenticatedLocked(result, after);
    }
  }

  private void refuseLocked(@Nullable String error, List<Runnable> after) {
    owner.refusedLocked(new HubAuthenticationException(error), after);
    close("authentication refused");
  }

  private void messageLocked(Object message, int size, List<Runnable> after) {
    Map<?, ?> map = message instanceof Map<?, ?> m ? m : Map.of();
    switch (SignalRProtocol.type(message)) {
      case SignalRProtocol.INVOCATION -> invocationLocked(map, size, after);
      case SignalRProtocol.COMPLETION -> {
        BiConsumer<@Nullable HubResult, @Nullable String> callback = pending.remove(String.valueOf(map.get("invocationId")));
        if (callback != null) {
          Object error = map.get("error");
          Object result = map.get("result");
          after.add(() -> callback.accept(decode(result), error == null ? null : String.valueOf(error)));
        }
      }
      case SignalRProtocol.PING -> {
        // lastReceived is already updated
      }
      case SignalRProtocol.CLOSE -> {
        Object error = map.get("error");
        owner.droppedLocked(new HubException("hub", "the hub closed the connection"
            + (error == null ? "" : ": " + mask(String.valueOf(error))), null), after);
      }
      case -1 -> report(new HubException("hub", "ignored a hub message without a numeric type", null), after);
      default -> {
        // stream items, acks and other message types are not used by this hub
      }
    }
  }

  private void invocationLocked(Map<?, ?> message, int recordLength, List<Runnable> after) {
    Object target = message.get("target");
    if (!"pushEvent".equalsIgnoreCase(String.valueOf(target))) {
      report(new HubException("hub", "ignored a call of unknown client method "
          + mask(String.valueOf(target)), null), after);
      return;
    }
    if (!(message.get("arguments") instanceof List<?> arguments) || arguments.isEmpty()) {
      report(new HubException("pushEvent", "ignored a pushEvent without an argument", null), after);
      return;
    }
    Object envelope = arguments.get(0);
    if (envelope instanceof String text) {
      try {
        envelope = SignalRProtocol.parse(text);
      } catch (IOException e) {
        report(new HubException("pushEvent", "ignored a pushEvent whose string argument is not JSON ("
            + mask(e.getMessage()) + ")", null), after);
        return;
      }
    }
    Object received = envelope;
    int size = arguments.get(0) instanceof String text ? text.length() : recordLength;
    // A full queue drops the event; the events thread reports the count (EventDispatcher).
    after.add(() -> events.dispatcher().accept(received, true, size));
  }

  private void scheduleDeadlineLocked(String what) {
    Scheduler.cancel(deadline);
    Duration timeout = settings.handshakeTimeout();
    deadline = events.scheduler().schedule(() -> owner.ifCurrent(this, after -> {
      if (!authenticated) {
        owner.droppedLocked(new HubException("hub", what + " within " + timeout.toMillis() + " ms", null), after);
      }
    }), timeout);
  }

  private void scheduleKeepAliveLocked() {
    keepAlive = events.scheduler().schedule(() -> owner.ifCurrent(this, this::keepAliveLocked), settings.keepAliveInterval());
  }

  private void keepAliveLocked(List<Runnable> after) {
    Duration silent = Duration.between(lastReceived, events.clock().instant());
    if (silent.compareTo(settings.serverTimeout()) >= 0) {
      owner.droppedLocked(new HubException("hub", "no message from the hub for " + silent.toMillis() + " ms", null), after);
    } else {
      send(SignalRProtocol.ping());
      scheduleKeepAliveLocked();
    }
  }

  private void send(String record) {
    socket.send(record);
  }

  private void report(HubException error, List<Runnable> after) {
    after.add(() -> events.dispatcher().error(error));
  }

  private @Nullable String mask(@Nullable String text) {
    return events.apiKey().redact(text);
  }

  private static @Nullable HubResult decode(@Nullable Object result) {
    try {
      return result == null ? null : RESULT.fromJsonValue(result);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
