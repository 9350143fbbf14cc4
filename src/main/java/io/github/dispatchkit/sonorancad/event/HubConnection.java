package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import io.github.dispatchkit.sonorancad.internal.Constraints;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A connection to Sonoran CAD's websocket hub ({@code /apiWsHub}), kept up until closed.
 *
 * <p>It speaks the SignalR JSON protocol over OkHttp's WebSocket, authenticates with
 * {@code authenticatev2(communityId, apiKey, serverId)}, and hands every {@code pushEvent} to the
 * handlers of its {@link SonoranCadEvents}. It pings the hub every keep-alive interval, treats a hub
 * silent for the server timeout as a drop, and after any drop reconnects with exponential backoff
 * and jitter and authenticates again. A refused authentication completes {@link #authenticated()}
 * with {@link io.github.dispatchkit.sonorancad.exception.HubAuthenticationException}, is reported to
 * {@link SonoranCadEvents#onError}, and stops the connection ({@link HubState#FAILED}); so does an
 * upgrade answer no retry can fix (a 404 or another 4xx but 408 and 429, or a redirect, which is
 * never followed), with a {@link io.github.dispatchkit.sonorancad.exception.HubException} naming the
 * URL. Each step of a connection has a time limit ({@link Builder#handshakeTimeout}), and each
 * message a size limit ({@link Builder#maxMessageBytes}).
 *
 * <p>Only a session authenticated with a server ID receives that server's events; while it is
 * connected the CAD sends them here instead of POSTing them to the server's HTTP listener. Use one
 * connection per server ID. Thread-safe. The API key never appears in {@link #toString()}, logs or
 * exception messages.
 */
public final class HubConnection implements AutoCloseable {
  /** Default largest hub message: 4 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;

  private final HubSupervisor supervisor;
  private final HubSettings settings;

  HubConnection(HubSupervisor supervisor, HubSettings settings) {
    this.supervisor = supervisor;
    this.settings = settings;
  }

  /**
   * Returns a future of the first successful authentication; it fails with
   * {@link io.github.dispatchkit.sonorancad.exception.HubAuthenticationException} if the hub refuses, or
   * {@link io.github.dispatchkit.sonorancad.exception.HubException} if the upgrade is refused for good
   * (a 404, a redirect) or the connection is closed first. Drops before the first success are
   * retried and do not fail it.
   */
  public CompletableFuture<HubResult> authenticated() {
    return supervisor.firstAuthentication();
  }

  /** Returns the current state. */
  public HubState state() {
    return supervisor.state();
  }

  /** Returns how many times the hub accepted authentication: once per (re)connection. */
  public int authentications() {
    return supervisor.authentications();
  }

  /**
   * Sends unit locations for the live map with the hub method {@code unitLocation}.
   *
   * <p>The updates are split into calls of at most 25, sent no closer together than
   * {@link Builder#unitLocationInterval} (also across calls of this method). Calls made while the
   * connection is not authenticated fail at once with
   * {@link io.github.dispatchkit.sonorancad.exception.HubException}, as does a call the hub refuses.
   *
   * @param updates each with a {@code location} and a target ({@code communityUserId}, {@code roblox},
   *     {@code apiId} or {@code identId})
   * @return the hub's result of each call, in order
   * @throws io.github.dispatchkit.sonorancad.exception.RequestValidationException listing every
   *     violation if the list is empty or holds null, or an update breaks the spec's rules for
   *     {@code HubUnitLocation} (a non-empty {@code location}, at least one target)
   */
  public CompletableFuture<List<HubResult>> sendUnitLocations(List<HubUnitLocation> updates) {
    Objects.requireNonNull(updates, "updates == null");
    Constraints constraints = new Constraints();
    constraints.array("updates", updates, 1, null);
    for (int i = 0; i < updates.size(); i++) {
      if (updates.get(i) != null) {
        constraints.nested("updates[" + i + "]", updates.get(i).violations());
      }
    }
    constraints.throwIfInvalid("unitLocation");
    return supervisor.sendUnitLocations(updates);
  }

  /**
   * Closes the connection in any state and stops reconnecting; pending calls fail. An open socket is
   * closed politely and cut after 1 s, so no thread keeps reading. Calling it again does nothing.
   */
  @Override
  public void close() {
    supervisor.close();
  }

  @Override
  public String toString() {
    return "HubConnection{url=" + settings.url() + ", serverId=" + settings.serverId() + ", state=" + state() + "}";
  }

  /** Configures a {@link HubConnection}. Not thread-safe. */
  public static final class Builder {
    private final SonoranCadEvents events;
    private final String communityId;
    private @Nullable Integer serverId;
    private HttpUrl url;
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private Duration serverTimeout = Duration.ofSeconds(30);
    private Duration reconnectInitialDelay = Duration.ofSeconds(1);
    private Duration reconnectMaxDelay = Duration.ofSeconds(30);
    private Duration unitLocationInterval = Duration.ofMillis(250);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private Consumer<HubState> stateListener = state -> { };

    Builder(SonoranCadEvents events, String communityId, int defaultServerId, HttpUrl defaultUrl) {
      this.events = events;
      this.communityId = communityId;
      this.serverId = defaultServerId;
      this.url = defaultUrl;
    }

    /** Sets the server whose events this session receives. Default: the client's default server ID. */
    public Builder serverId(int serverId) {
      if (serverId < 1) {
        throw new IllegalArgumentException("serverId < 1: " + serverId);
      }
      this.serverId = serverId;
      return this;
    }

    /** Authenticates without a server ID: {@code unitLocation} works, but no events arrive. */
    public Builder withoutServerId() {
      this.serverId = null;
      return this;
    }

    /**
     * Sets the hub URL: {@code https} or {@code wss}; plain {@code http} or {@code ws} only on loopback,
     * or with {@link SonoranCadEvents.Builder#allowInsecureHttp}.
     * Default: {@code apiWsHub} under the client's base URL, {@code https://api.sonorancad.com/apiWsHub}.
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url == null");
      String httpForm = url.replaceFirst("(?i)^ws:", "http:").replaceFirst("(?i)^wss:", "https:");
      HttpUrl parsed = HttpUrl.parse(httpForm);
      if (parsed == null) {
        throw new IllegalArgumentException("not a ws, wss, http or https URL: " + url);
      }
      this.url = parsed;
      return this;
    }

    /**
     * Sets how long each step of a connection may take: the websocket upgrade, then the SignalR
     * handshake with the answer to {@code authenticatev2}. A hub slower than this counts as a drop
     * (reported, then a reconnect with backoff). Default 10 s.
     */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
      return this;
    }

    /**
     * Sets the largest message the hub may send; a larger one drops the connection (reported, then a
     * reconnect with backoff) before it is read into memory. Default 4 MiB
     * ({@link HubConnection#DEFAULT_MAX_MESSAGE_BYTES}).
     */
    public Builder maxMessageBytes(int maxMessageBytes) {
      if (maxMessageBytes < 1) {
        throw new IllegalArgumentException("maxMessageBytes < 1: " + maxMessageBytes);
      }
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** Sets how often a ping is sent to the hub. Default 15 s (SignalR's default). */
    public Builder keepAliveInterval(Duration keepAliveInterval) {
      this.keepAliveInterval = positive(keepAliveInterval, "keepAliveInterval");
      return this;
    }

    /** Sets how long a silent hub is tolerated before the connection counts as dropped. Default 30 s. */
    public Builder serverTimeout(Duration serverTimeout) {
      this.serverTimeout = positive(serverTimeout, "serverTimeout");
      return this;
    }

    /**
     * Sets the reconnect backoff: the n-th consecutive attempt waits between half and all of
     * {@code min(max, initial * 2^(n-1))}. Defaults 1 s and 30 s. A connection that stayed
     * authenticated for the server timeout resets n; one dropped sooner counts as a failed attempt.
     */
    public Builder reconnectDelay(Duration initial, Duration max) {
      positive(initial, "initial");
      positive(max, "max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max < initial: " + max + " < " + initial);
      }
      this.reconnectInitialDelay = initial;
      this.reconnectMaxDelay = max;
      return this;
    }

    /**
     * Sets the least time between two {@code unitLocation} calls. Default 250 ms (the Unit Locations
     * page); at least 200 ms, the minimum the hub enforces.
     */
    public Builder unitLocationInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.compareTo(Duration.ofMillis(200)) < 0) {
        throw new IllegalArgumentException("interval < 200 ms, the hub's minimum: " + interval);
      }
      this.unitLocationInterval = interval;
      return this;
    }

    /** Sets a listener told of every state change, outside the connection's lock. */
    public Builder onStateChange(Consumer<HubState> listener) {
      this.stateListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Starts connecting and returns at once; wait for {@link HubConnection#authenticated()} if needed.
     *
     * @throws IllegalStateException if the URL is plain http or ws on a non-loopback host (the API key
     *     would travel in clear text) without {@link SonoranCadEvents.Builder#allowInsecureHttp}, or
     *     the events were closed
     */
    public HubConnection connect() {
      return events.connect(new HubSettings(url, communityId, serverId, keepAliveInterval, serverTimeout,
          reconnectInitialDelay, reconnectMaxDelay, unitLocationInterval, handshakeTimeout, maxMessageBytes,
          stateListener));
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + value);
      }
      return value;
    }
  }
}
