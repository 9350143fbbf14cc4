package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.event.SonoranCadEvents;
import io.github.dispatchkit.sonorancad.generated.service.SonoranCadApi;
import io.github.dispatchkit.sonorancad.generated.service.SonoranCadServices;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.internal.CallExecutor;
import io.github.dispatchkit.sonorancad.internal.Coalescers;
import io.github.dispatchkit.sonorancad.internal.HttpStack;
import io.github.dispatchkit.sonorancad.internal.ServiceContext;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.ratelimit.RedisRateLimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Client for the Sonoran CAD v2 API (unofficial).
 *
 * <pre>{@code
 * try (SonoranCadClient client = SonoranCadClient.builder().apiKey(apiKey).build()) {
 *   CreateIdentifierResponse created = client.emergency().identifiers().createIdentifier(accountUuid,
 *       CreateIdentifierRequest.builder().unitNum("A-10").name("John Doe").build());
 *   client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
 *       .identIds(List.of(created.identId()))
 *       .status(UnitStatus.ENROUTE)
 *       .build());
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 * The operations are generated from the curated spec's tags and operation IDs:
 * {@code client.<group>().<resource>().<operationId>(...)}, each with an {@code ...Async} twin
 * (see {@link SonoranCadServices}). Operations on a configured server also have an overload
 * without the server ID, which uses {@link Builder#defaultServerId}.
 *
 * <h2>Asynchronous calls</h2>
 * An {@code ...Async} method never throws: every failure its blocking twin would throw (invalid or
 * missing arguments, a closed client, {@link io.github.dispatchkit.sonorancad.exception.ClientRateLimitException},
 * HTTP errors, transport failures) completes the returned future exceptionally with that same
 * exception. Cancelling the future cancels the HTTP call in flight and any permit or retry wait.
 *
 * <h2>Observability</h2>
 * A {@link CallListener} ({@link Builder#listener}) sees every call's permit waits, attempts,
 * responses, 429s and retries with the operation ID; an {@link HttpLogger} ({@link
 * Builder#httpLogger}) gets the HTTP exchanges with the key redacted. SLF4J and Micrometer
 * implementations are in the {@code logging} and {@code metrics} packages.
 *
 * <h2>Rate limits</h2>
 * Every call takes a permit of its operation's documented limit (from the spec's
 * {@code x-rate-limit}) for its API key, shared by all clients of that key in this JVM, so that no
 * rolling window ever holds more requests than documented. By default a call waits for a permit; see
 * {@link Builder#rateLimitMode}. Clients in other processes share the limit only through a shared
 * store: see {@link Builder#redisUrl} and {@link RateLimitStore}.
 *
 * <h2>Share one client</h2>
 * Clients are thread-safe and hold a connection pool and threads: build one, use it everywhere, and
 * {@link #close()} it at shutdown. {@link #withOptions} derives a client that shares them, with
 * another default server, listener or timeouts; {@link #options()} holds every setting.
 *
 * <p>The API key never appears in {@link #toString()}, logs or exception messages, and is only sent
 * to the configured base URL's origin.
 */
public final class SonoranCadClient implements SonoranCadApi, AutoCloseable {
  /** The production API. */
  public static final String DEFAULT_BASE_URL = "https://api.sonorancad.com/";
  /** The default of {@link Builder#callTimeout}: a 90 s permit wait and a 30 s attempt fit in it. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);
  /** The default of {@link Builder#maxResponseBytes}: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  private final ClientOptions options;
  private final HttpStack http;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final @Nullable RedisRateLimitStore ownedRateLimitStore;
  private final RateLimitStore rateLimitStore;
  private final CallExecutor executor;
  private final Coalescers coalescers;
  private final SonoranCadServices services;
  private @Nullable SonoranCadEvents events;

  /**
   * Creates a client of {@code options}; a derived client shares {@code scheduler}, the others make
   * their own.
   */
  private SonoranCadClient(ClientOptions options, @Nullable ScheduledExecutorService scheduler) {
    this.options = options;
    this.http = new HttpStack(options);
    this.ownsScheduler = scheduler == null;
    this.scheduler = scheduler != null ? scheduler : newScheduler();
    this.ownedRateLimitStore = options.redisUrl != null ? RedisRateLimitStore.create(options.redisUrl) : null;
    this.rateLimitStore = ownedRateLimitStore != null ? ownedRateLimitStore : options.rateLimitStore;
    this.executor = new CallExecutor(options, http.client(), rateLimitStore, this.scheduler);
    this.coalescers = new Coalescers(executor);
    this.services = new SonoranCadServices(new ServiceContext(executor, options.defaultServerId, coalescers));
  }

  /** The one thread of a client and its derived clients that runs the asynchronous calls' waits. */
  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, new ThreadFactory() {
      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "SonoranCadClient scheduler");
        thread.setDaemon(true);
        return thread;
      }
    });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  /** Returns a builder; only {@link Builder#apiKey} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a client configured from the environment.
   *
   * <table>
   *   <caption>Environment variables</caption>
   *   <tr><th>Variable</th><th>Meaning</th><th>Default</th></tr>
   *   <tr><td>{@code SONORAN_API_KEY}</td><td>API key</td><td>required</td></tr>
   *   <tr><td>{@code SONORAN_BASE_URL}</td><td>base URL</td><td>{@value #DEFAULT_BASE_URL}</td></tr>
   *   <tr><td>{@code SONORAN_SERVER_ID}</td><td>default server ID</td><td>1</td></tr>
   *   <tr><td>{@code SONORAN_RATE_LIMIT_WINDOW}</td><td>{@link Builder#rateLimitWindow}, ISO-8601 such as
   *       {@code PT5S}, for a sandbox started with a short window</td><td>the documented windows</td></tr>
   *   <tr><td>{@code SONORAN_REDIS_URL}</td><td>Redis URI of a shared rate-limit store, see
   *       {@link Builder#redisUrl}</td><td>none: limits shared in this JVM only</td></tr>
   *   <tr><td>{@code SONORAN_ALLOW_INSECURE_HTTP}</td><td>{@code true} for {@link
   *       Builder#allowInsecureHttp}: a plain {@code http} base URL on a non-loopback host</td><td>false</td></tr>
   *   <tr><td>{@code SONORAN_STRICT_RESPONSES}</td><td>{@code true} for {@link Builder#strictResponses}</td>
   *       <td>{@code false}: tolerant</td></tr>
   * </table>
   *
   * <p>Blank variables count as unset.
   *
   * @throws IllegalStateException if {@code SONORAN_API_KEY} is not set or a value is invalid
   */
  public static SonoranCadClient fromEnvironment() {
    return fromEnvironment(System.getenv()).build();
  }

  static Builder fromEnvironment(Map<String, String> environment) {
    Function<String, String> variable = name -> {
      String value = environment.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    };
    String apiKey = variable.apply("SONORAN_API_KEY");
    if (apiKey == null) {
      throw new IllegalStateException("SONORAN_API_KEY is not set: export your Sonoran CAD API key");
    }
    Builder builder = builder().apiKey(apiKey);
    String baseUrl = variable.apply("SONORAN_BASE_URL");
    if (baseUrl != null) {
      builder.baseUrl(baseUrl);
    }
    String serverId = variable.apply("SONORAN_SERVER_ID");
    if (serverId != null) {
      try {
        builder.defaultServerId(Integer.parseInt(serverId));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("SONORAN_SERVER_ID is not an integer: " + serverId);
      }
    }
    String window = variable.apply("SONORAN_RATE_LIMIT_WINDOW");
    if (window != null) {
      try {
        builder.rateLimitWindow(Duration.parse(window));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new IllegalStateException(
            "SONORAN_RATE_LIMIT_WINDOW is not a positive ISO-8601 duration such as PT5S: " + window);
      }
    }
    Boolean insecure = flag(variable, "SONORAN_ALLOW_INSECURE_HTTP");
    if (insecure != null) {
      builder.allowInsecureHttp(insecure);
    }
    Boolean strict = flag(variable, "SONORAN_STRICT_RESPONSES");
    if (strict != null) {
      builder.strictResponses(strict);
    }
    String redisUrl = variable.apply("SONORAN_REDIS_URL");
    if (redisUrl != null) {
      try {
        builder.redisUrl(redisUrl);
      } catch (IllegalArgumentException e) {
        // The message may not repeat the URI: it can hold a password.
        throw new IllegalStateException("SONORAN_REDIS_URL: " + e.getMessage());
      }
    }
    return builder;
  }

  /** Reads a true/false variable, or null when unset. */
  private static @Nullable Boolean flag(Function<String, String> variable, String name) {
    String value = variable.apply(name);
    if (value == null) {
      return null;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalStateException(name + " is neither true nor false: " + value);
    }
    return value.equalsIgnoreCase("true");
  }

  /**
   * Returns the service tree this client's entry points ({@link #emergency()}, {@link #general()}...)
   * forward to.
   */
  @Override
  public SonoranCadServices services() {
    return services;
  }

  /** Returns this client's options: every setting, immutable, without the API key. */
  public ClientOptions options() {
    return options;
  }

  /**
   * Returns a client with these options changed by {@code modifier} that shares this client's
   * connection pool, OkHttp threads, scheduler thread and rate-limit store (unless {@code modifier}
   * sets another store or a Redis URL): for another default server, listener, timeouts or
   * strictness. Cheap to make; close it when done (it closes only what it made), and before this one.
   *
   * <pre>{@code
   * SonoranCadClient server2 = client.withOptions(options -> options.defaultServerId(2));
   * }</pre>
   *
   * @param modifier changes a builder holding this client's options
   * @return the derived client
   * @throws IllegalStateException if the changed options are invalid, as {@link Builder#build()} says
   */
  public SonoranCadClient withOptions(Consumer<Builder> modifier) {
    executor.checkOpen();
    Builder builder = options.toBuilder().okHttpClient(http.base()).rateLimitStore(rateLimitStore);
    modifier.accept(builder);
    return new SonoranCadClient(builder.buildOptions(), scheduler);
  }

  /**
   * Returns this client's push events: register handlers, then connect to the websocket hub or start
   * the HTTP listener. Made on first use with this client's options (key, base URL, default server,
   * {@code allowInsecureHttp}, HTTP logger, clock) and connection pool, so the hub follows the same
   * transport rules as the REST calls; {@link #close()} closes it.
   */
  public synchronized SonoranCadEvents events() {
    if (events == null) {
      events = SonoranCadEvents.builder(options).okHttpClient(http.base()).build();
    }
    return events;
  }

  /**
   * Closes this client's {@link #events()} (hub connections and listeners included), sends what the
   * coalescing streams (such as {@code emergency().units().statusUpdates()}) hold pending, waiting
   * for permits as needed, fails the asynchronous calls still in progress with {@link
   * IllegalStateException}, then releases the threads and connections this client created, and the
   * Redis store it created for {@link Builder#redisUrl}. A caller-supplied {@link OkHttpClient} or
   * {@link RateLimitStore}, and what a client shares with the client it was derived from, is left
   * untouched. Calls in progress may fail; later calls are refused with {@link IllegalStateException}
   * before any I/O.
   */
  @Override
  public void close() {
    SonoranCadEvents started;
    synchronized (this) {
      started = events;
    }
    if (started != null) {
      started.close();
    }
    coalescers.close();
    executor.close();
    http.close();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownedRateLimitStore != null) {
      ownedRateLimitStore.close();
    }
  }

  @Override
  public String toString() {
    return "SonoranCadClient{baseUrl=" + options.baseUrl + ", defaultServerId=" + options.defaultServerId + "}";
  }

  /** Configures a {@link SonoranCadClient}. Not thread-safe. */
  public static final class Builder {
    @Nullable ApiKey apiKey;
    HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL);
    boolean allowInsecureHttp;
    int defaultServerId = 1;
    @Nullable Duration connectTimeout;
    @Nullable Duration readTimeout;
    @Nullable Duration attemptTimeout;
    Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    @Nullable OkHttpClient okHttpClient;
    int maxRetries = 2;
    Duration maxRetryWait = Duration.ofSeconds(60);
    RateLimitMode rateLimitMode = RateLimitMode.WAIT;
    Duration maxRateLimitWait = Duration.ofSeconds(90);
    @Nullable Duration rateLimitWindow;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.SYSTEM;
    CallListener listener = CallListener.NONE;
    @Nullable HttpLogger httpLogger;
    RateLimitStore rateLimitStore = RateLimitStore.inJvm();
    @Nullable String redisUrl;
    boolean strictResponses;

    private Builder() {
    }

    /** A builder holding {@code options}, for {@link ClientOptions#toBuilder()}. */
    Builder(ClientOptions options) {
      this.apiKey = options.apiKey;
      this.baseUrl = options.baseUrl;
      this.allowInsecureHttp = options.allowInsecureHttp;
      this.defaultServerId = options.defaultServerId;
      this.connectTimeout = options.connectTimeout;
      this.readTimeout = options.readTimeout;
      this.attemptTimeout = options.attemptTimeout;
      this.callTimeout = options.callTimeout;
      this.maxResponseBytes = options.maxResponseBytes;
      this.okHttpClient = options.okHttpClient;
      this.maxRetries = options.maxRetries;
      this.maxRetryWait = options.maxRetryWait;
      this.rateLimitMode = options.rateLimitMode;
      this.maxRateLimitWait = options.maxRateLimitWait;
      this.rateLimitWindow = options.rateLimitWindow;
      this.clock = options.clock;
      this.sleeper = options.sleeper;
      this.listener = options.listener;
      this.httpLogger = options.httpLogger;
      this.rateLimitStore = options.rateLimitStore;
      this.redisUrl = options.redisUrl;
      this.strictResponses = options.strictResponses;
    }

    /**
     * Sets the community's API key, sent as {@code Authorization: Bearer}. Required.
     *
     * @throws IllegalArgumentException if blank or containing whitespace or control characters
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = ApiKey.of(apiKey);
      return this;
    }

    /**
     * Sets the API's base URL: the origin, such as {@code https://api.sonorancad.com}, or a prefix
     * path in front of it (a proxy's {@code https://proxy.example/sonoran}). Default {@value
     * SonoranCadClient#DEFAULT_BASE_URL}. Plain {@code http} is refused unless the host is loopback
     * or {@link #allowInsecureHttp} is set.
     *
     * @throws IllegalArgumentException if not an http or https URL, if it has a query or fragment, or
     *     if its path ends in {@code /v2} (every operation's path starts with {@code v2/} already)
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http or https URL: " + baseUrl);
      }
      if (url.encodedQuery() != null || url.encodedFragment() != null) {
        throw new IllegalArgumentException("baseUrl has a query or fragment, which no call would keep: " + baseUrl);
      }
      List<String> segments = url.pathSegments();
      int lastIndex = segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()
          ? segments.size() - 2 : segments.size() - 1;
      String last = segments.get(lastIndex);
      if (last.equalsIgnoreCase("v2")) {
        throw new IllegalArgumentException("baseUrl " + baseUrl + " ends in /" + last + ", but every operation's"
            + " path already starts with v2/ (such as v2/emergency/unit-status), so calls would go to /"
            + last + "/v2/...: leave it out, as in " + url.newBuilder().removePathSegment(lastIndex).build().toString().replaceFirst("([^/])$", "$1/"));
      }
      if (!url.encodedPath().endsWith("/")) {
        url = url.newBuilder().addPathSegment("").build();
      }
      this.baseUrl = url;
      return this;
    }

    /**
     * Allows a plain {@code http} base URL on a non-loopback host, which sends the API key in clear
     * text. Default false; {@code SONORAN_ALLOW_INSECURE_HTTP=true} with {@link #fromEnvironment()}.
     */
    public Builder allowInsecureHttp(boolean allowInsecureHttp) {
      this.allowInsecureHttp = allowInsecureHttp;
      return this;
    }

    /**
     * Sets the server ID used by calls that take none. Default 1.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder defaultServerId(int defaultServerId) {
      if (defaultServerId < 1) {
        throw new IllegalArgumentException("defaultServerId < 1: " + defaultServerId);
      }
      this.defaultServerId = defaultServerId;
      return this;
    }

    /** Sets the connect timeout. Default 10 s, or the supplied {@code OkHttpClient}'s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** Sets the read timeout. Default 30 s, or the supplied {@code OkHttpClient}'s. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets the timeout of one HTTP attempt, from connecting to reading the body (OkHttp's call
     * timeout). Default 30 s, as in Sonoran's own SDKs, or the supplied {@code OkHttpClient}'s.
     * {@link #callTimeout} bounds the attempts and waits of a call together.
     */
    public Builder attemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = positive(attemptTimeout, "attemptTimeout");
      return this;
    }

    /**
     * Sets the deadline of a whole call: the permit wait, every attempt and every retry wait. A wait
     * that would pass it throws at once ({@code ClientRateLimitException}, or the error that asked for
     * the retry), and an attempt in flight is cut off at it ({@code SonoranCadIoException} saying so).
     * Default {@link SonoranCadClient#DEFAULT_CALL_TIMEOUT 2 minutes}: a 90 s permit wait ({@link
     * #maxRateLimitWait}) and a 30 s attempt fit in it.
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = positive(callTimeout, "callTimeout");
      return this;
    }

    /**
     * Sets the most bytes of a response body, success or error, the client reads into memory. A
     * longer body is cut off when it passes the cap and the call throws {@link
     * io.github.dispatchkit.sonorancad.exception.ResponseTooLargeException}. Default {@link
     * SonoranCadClient#DEFAULT_MAX_RESPONSE_BYTES 16 MiB}, far above any documented response.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1) {
        throw new IllegalArgumentException("maxResponseBytes < 1: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sets the {@link OkHttpClient} to derive from with {@link OkHttpClient#newBuilder()}, sharing its
     * pool and dispatcher. It is never modified nor closed. Default: one created by the client.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    /**
     * Sets the most retries of one call (429s, and for idempotent operations transport failures and
     * 502/503/504). Default 2, as in Sonoran's own SDKs; 0 disables retries.
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries < 0: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the longest delay a retry may wait, such as a 429's {@code Retry-After}; a longer one
     * throws the error at once instead of blocking. A 429 pauses the operation's limit (for every
     * client of the key, through a shared store every process) for its {@code Retry-After}, but never
     * longer than this. Default 60 s.
     */
    public Builder maxRetryWait(Duration maxRetryWait) {
      this.maxRetryWait = notNegative(maxRetryWait, "maxRetryWait");
      return this;
    }

    /** Sets what a call does when its limit is used up. Default {@link RateLimitMode#WAIT}. */
    public Builder rateLimitMode(RateLimitMode rateLimitMode) {
      this.rateLimitMode = Objects.requireNonNull(rateLimitMode, "rateLimitMode == null");
      return this;
    }

    /**
     * Sets the longest a call waits for a rate-limit permit in {@link RateLimitMode#WAIT} mode before
     * throwing {@link io.github.dispatchkit.sonorancad.exception.ClientRateLimitException}. Default
     * 90 s: more than one documented window (a minute), so a call queued behind a full window of
     * calls still gets its permit. {@link #callTimeout} bounds it too.
     */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = notNegative(maxRateLimitWait, "maxRateLimitWait");
      return this;
    }

    /**
     * Replaces the documented window of every operation's limit, keeping the request counts. For a
     * sandbox or test server that shrinks its windows; never needed against the real API.
     */
    public Builder rateLimitWindow(Duration rateLimitWindow) {
      this.rateLimitWindow = positive(rateLimitWindow, "rateLimitWindow");
      return this;
    }

    /** Sets the clock of rate limits and {@code Retry-After} dates. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Sets how the client waits for permits and retries. Default {@link Sleeper#SYSTEM}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Sets the listener of every call's permit waits, attempts, responses, 429s and retries (see
     * {@link CallListener}); combine several with {@link CallListener#all}. Default {@link
     * CallListener#NONE}.
     */
    public Builder listener(CallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Fails every call whose success response drifts from the spec in any way (a coerced value, a
     * value that could not be typed, an unknown property; an unknown value of an open enumeration is
     * allowed by the spec, so only reported) with an {@link
     * io.github.dispatchkit.sonorancad.exception.InvalidResponseException} naming every drift at
     * once. For contract tests and CI. Default false: tolerant, drift is coerced or kept raw and
     * reported to the {@link #listener}; see the README's tolerance rules.
     */
    public Builder strictResponses(boolean strictResponses) {
      this.strictResponses = strictResponses;
      return this;
    }

    /**
     * Sets where the slots of the rate limits live. Default {@link RateLimitStore#inJvm()}: shared by
     * the clients of this JVM only. The client never closes it. Replaces {@link #redisUrl}.
     */
    public Builder rateLimitStore(RateLimitStore rateLimitStore) {
      this.rateLimitStore = Objects.requireNonNull(rateLimitStore, "rateLimitStore == null");
      this.redisUrl = null;
      return this;
    }

    /**
     * Sets where the HTTP log goes: request lines, statuses and headers as sent, with the API key
     * redacted (see {@link HttpLogger}). Default none.
     */
    public Builder httpLogger(HttpLogger httpLogger) {
      this.httpLogger = Objects.requireNonNull(httpLogger, "httpLogger == null");
      return this;
    }

    /**
     * Shares the rate limits with every process that uses the same API key and Redis, through a
     * {@link RedisRateLimitStore} with its defaults that the client creates, and closes at
     * {@link SonoranCadClient#close()}. Needs {@code io.lettuce:lettuce-core} on the class path.
     * Replaces {@link #rateLimitStore}.
     *
     * @param redisUrl such as {@code redis://:password@redis.example:6379/0} or {@code rediss://...}
     * @throws IllegalArgumentException if not a Redis URI
     * @throws IllegalStateException if Lettuce is not on the class path
     */
    public Builder redisUrl(String redisUrl) {
      RedisRateLimitStore.builder(Objects.requireNonNull(redisUrl, "redisUrl == null")); // checks it now
      this.redisUrl = redisUrl;
      return this;
    }

    /**
     * Returns a new client, with its own connection pool and threads unless {@link #okHttpClient}
     * supplies them.
     *
     * @throws IllegalStateException if no API key was set, or the base URL is plain http on a
     *     non-loopback host without {@link #allowInsecureHttp}
     */
    public SonoranCadClient build() {
      return new SonoranCadClient(buildOptions(), null);
    }

    /**
     * Returns the options set, checked as {@link #build()} says, without making a client: for
     * {@link SonoranCadEvents#builder(ClientOptions)} on their own.
     *
     * @throws IllegalStateException as {@link #build()}
     */
    public ClientOptions buildOptions() {
      if (apiKey == null) {
        throw new IllegalStateException(
            "API key required: call apiKey(...) or use SonoranCadClient.fromEnvironment()");
      }
      ClientOptions options = new ClientOptions(this, apiKey);
      if (!options.maySendKeyTo(baseUrl)) {
        throw new IllegalStateException(
            "baseUrl " + baseUrl + " is plain http on a non-loopback host, which would send the API"
                + " key in clear text: use https, or allowInsecureHttp(true) (SONORAN_ALLOW_INSECURE_HTTP=true"
                + " with fromEnvironment())");
      }
      return options;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + value);
      }
      return value;
    }

    private static Duration notNegative(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " < 0: " + value);
      }
      return value;
    }
  }
}
