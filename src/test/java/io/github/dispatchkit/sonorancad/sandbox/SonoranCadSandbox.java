package io.github.dispatchkit.sonorancad.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An embedded, in-memory Sonoran CAD v2 server that routes every operation of the spec, bound to 127.0.0.1.
 *
 * <p>It behaves as the curated spec documents: Bearer authentication (401 problem+json otherwise),
 * requests validated against the spec (400 problem+json naming the problem), 404 for a server ID
 * that is not configured, and each operation's documented per-key limit enforced over a rolling
 * window (429 with {@code Retry-After} and the gateway's JSON body). It keeps state for what a
 * tool exercises (see {@link SandboxState}): accounts and their links, identifiers and units,
 * dispatch and 911 calls, blips, servers, records, templates, drafts and lookups, characters and
 * character links, the community's configuration, photos and bodycam recordings: every operation of
 * the spec answers from this state and the request (see {@link #state()}), the spec's documented
 * answers serving only as seed data. Community user, Discord and Roblox IDs can be
 * linked to accounts when the sandbox is built, and through the API's links. See
 * {@link SandboxHttpHandler} for the order of the checks, and {@link Builder#onStateChange} to
 * follow the changes.
 *
 * <pre>{@code
 * try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder()
 *     .linkCommunityUser("player-1234", accountUuid)
 *     .rateLimitWindow(Duration.ofSeconds(2))
 *     .build()
 *     .start()) {
 *   String baseUrl = sandbox.baseUrl(); // http://127.0.0.1:<free port>
 * }
 * }</pre>
 *
 * <p>It lives in this project's test sources, not in the published library. Thread-safe.
 */
public final class SonoranCadSandbox implements AutoCloseable {

  /** How long a request may take to arrive whole before its connection is closed. */
  static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);
  /** The server's threads: enough that a few stalled connections do not starve the others. */
  static final int THREADS = 32;

  /** The API key a sandbox accepts unless {@link Builder#apiKey} sets another; not a secret. */
  public static final String DEFAULT_API_KEY = "sandbox-api-key";

  /**
   * The community ID of the sandbox's community: what Get Info and Get Login Page answer with and what the
   * push-event hub ({@code SandboxEventHub}) accepts, the value to give a tool's community ID setting.
   */
  public static final String COMMUNITY_ID = "sandbox-community";

  static {
    // The JDK server sends a response's headers and body in separate writes; without TCP_NODELAY each
    // exchange waits ~40 ms for a delayed ACK. Read once, when the JDK server's configuration loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // A connection that sends part of a request and stalls holds a server thread; the JDK server
    // closes it after this many seconds (off by default).
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_TIME.toSeconds()));
    }
  }

  private final String apiKey;
  private final Duration rateLimitWindow;
  private final int port;
  private final Consumer<SandboxExchange> exchangeListener;
  private final InstantSource clock;
  private final Consumer<SandboxStateChange> stateChangeListener;
  private final SandboxState state;
  private HttpServer server;
  private ExecutorService executor;

  private SonoranCadSandbox(Builder builder) {
    this.apiKey = builder.apiKey;
    this.rateLimitWindow = builder.rateLimitWindow;
    this.port = builder.port;
    this.exchangeListener = builder.exchangeListener;
    this.clock = builder.clock;
    this.stateChangeListener = builder.stateChangeListener;
    this.state = new SandboxState(CuratedSpec.packaged(), builder.serverIds, clock);
    builder.communityUserLinks.forEach(state::linkCommunityUser);
    builder.discordLinks.forEach(state::linkDiscord);
    builder.robloxLinks.forEach(state::linkRoblox);
  }

  /** Returns a builder with the defaults: {@link #DEFAULT_API_KEY}, server ID 1, a free port, the documented windows. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the server to 127.0.0.1 and starts answering requests.
   *
   * @return this sandbox
   * @throws IllegalStateException if it was already started
   * @throws UncheckedIOException naming the port if it cannot be bound
   */
  public synchronized SonoranCadSandbox start() {
    if (server != null) {
      throw new IllegalStateException("The sandbox was already started");
    }
    CuratedSpec spec = CuratedSpec.packaged();
    SandboxHttpHandler handler = new SandboxHttpHandler(spec, state, new GatewayRateLimiter(clock),
        apiKey, rateLimitWindow, exchangeListener, stateChangeListener);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the sandbox to 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    return this;
  }

  /**
   * Returns the base URL to give a client, {@code http://127.0.0.1:<port>}, without a trailing slash.
   *
   * @throws IllegalStateException if the sandbox is not running
   */
  public synchronized String baseUrl() {
    if (server == null) {
      throw new IllegalStateException("The sandbox is not running; call start()");
    }
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Returns the API key this sandbox accepts as {@code Authorization: Bearer <key>}. */
  public String apiKey() {
    return apiKey;
  }

  /**
   * Returns the current state of an identifier, for tests that check what a client changed.
   *
   * @param identId the identifier's ID
   * @return the identifier, or empty if none has that ID
   */
  public Optional<SandboxIdentifier> identifier(int identId) {
    return state.identifier(identId);
  }

  /**
   * Returns the whole in-memory state as JSON text, for tests that check what a tool changed, including
   * what no operation reads back (callouts, stations, postals, photos, bodycam recordings, drafts).
   *
   * <p>An object with {@code accounts} (each with its Discord, Roblox and API IDs and applied permission
   * keys), {@code identifiers} and {@code selectedIdentifiers}, {@code records} (each with its
   * {@code ownerAccountUuid}) and {@code drafts}, {@code configuration} (penal codes, postals, and per
   * server the pager, callouts, stations and street signs), {@code photos}, {@code bodycamRecordings}
   * and {@code servers}. A snapshot: later changes do not show in it.
   */
  public String state() {
    return state.snapshot().toString();
  }

  /**
   * Returns the operations of the spec that answer their documented example because the sandbox keeps
   * no state for them: none for this project's spec; an operation added to the spec appears here until
   * it gets a handler.
   */
  public List<String> cannedOperations() {
    return state.cannedOperations();
  }

  /** Stops the server at once; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sonoran-cad-sandbox-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Configures a {@link SonoranCadSandbox}.
   *
   * <p>Not thread-safe. A later link of the same ID replaces the earlier one.
   */
  public static final class Builder {
    private String apiKey = DEFAULT_API_KEY;
    private Set<Integer> serverIds = Set.of(1);
    private final Map<String, UUID> communityUserLinks = new LinkedHashMap<>();
    private final Map<String, UUID> discordLinks = new LinkedHashMap<>();
    private final Map<Long, UUID> robloxLinks = new LinkedHashMap<>();
    private Duration rateLimitWindow;
    private int port;
    private Consumer<SandboxExchange> exchangeListener = exchange -> { };
    private Consumer<SandboxStateChange> stateChangeListener = change -> { };
    private InstantSource clock = InstantSource.system();

    private Builder() {
    }

    /** Sets the only API key accepted; default {@link #DEFAULT_API_KEY}. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank() || !apiKey.strip().equals(apiKey)) {
        throw new IllegalArgumentException("apiKey must be non-blank without surrounding spaces");
      }
      this.apiKey = apiKey;
      return this;
    }

    /** Sets the server IDs configured for the community; any other gets 404. Default: 1. */
    public Builder serverIds(int... serverIds) {
      Set<Integer> ids = new LinkedHashSet<>();
      for (int serverId : serverIds) {
        if (serverId < 1) {
          throw new IllegalArgumentException("server IDs start at 1: " + serverId);
        }
        ids.add(serverId);
      }
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("at least one server ID is required");
      }
      this.serverIds = Set.copyOf(ids);
      return this;
    }

    /** Links a community user ID (the default Set Unit Status target) to an account. */
    public Builder linkCommunityUser(String communityUserId, UUID accountUuid) {
      communityUserLinks.put(requireId(communityUserId, "communityUserId"), requireAccount(accountUuid));
      return this;
    }

    /** Links a Discord user ID to an account. */
    public Builder linkDiscord(String discordId, UUID accountUuid) {
      discordLinks.put(requireId(discordId, "discordId"), requireAccount(accountUuid));
      return this;
    }

    /** Links a Roblox user ID (positive) to an account. */
    public Builder linkRoblox(long robloxId, UUID accountUuid) {
      if (robloxId < 1) {
        throw new IllegalArgumentException("robloxId must be positive: " + robloxId);
      }
      robloxLinks.put(robloxId, requireAccount(accountUuid));
      return this;
    }

    /**
     * Replaces every operation's documented rate-limit period, keeping its documented request count.
     *
     * <p>A short window lets tests and demos pass the limit in seconds; the default is the spec's period.
     */
    public Builder rateLimitWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive: " + window);
      }
      this.rateLimitWindow = window;
      return this;
    }

    /** Sets the port on 127.0.0.1; 0, the default, picks a free one (read it back from {@link SonoranCadSandbox#baseUrl()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets a listener told of every answered request, on a server thread, just before its response is sent.
     *
     * <p>So when a client has a response, its exchange has been reported. The exchange carries no API
     * key. An exception thrown by the listener is ignored; a slow listener delays the response.
     */
    public Builder onExchange(Consumer<SandboxExchange> listener) {
      this.exchangeListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets a listener told of every change a stateful handler made, on a server thread, before its response is sent.
     *
     * <p>Told only after the change succeeded, with the operation, the request and the response (see
     * {@link SandboxStateChange}); never of reads. An exception thrown by the listener is ignored.
     */
    public Builder onStateChange(Consumer<SandboxStateChange> listener) {
      this.stateChangeListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Sets the clock of the rate limiter and of the state's timestamps, so that tests can pass a window without sleeping. */
    Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns a sandbox with this configuration, not yet started. */
    public SonoranCadSandbox build() {
      return new SonoranCadSandbox(this);
    }

    private static String requireId(String id, String what) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return id;
    }

    private static UUID requireAccount(UUID accountUuid) {
      return Objects.requireNonNull(accountUuid, "accountUuid");
    }
  }
}
