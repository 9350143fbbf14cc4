package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.ClientOptions;
import io.github.dispatchkit.sonorancad.HttpLogger;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.internal.OptionsAccess;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Sonoran CAD push events as a typed stream: handlers per event type, fed by the websocket hub, the
 * HTTP push listener, or both.
 *
 * <pre>{@code
 * SonoranCadEvents events = client.events()
 *     .on(EventType.CALL_911, event -> post("911: " + event.data().call().description()))
 *     .onOther(raw -> log("unhandled " + raw.type()))
 *     .onError(error -> log(error.getMessage()));
 * HubConnection hub = events.hub(communityId).connect();
 * hub.authenticated().join();   // throws if the hub refuses the key
 * }</pre>
 *
 * <h2>Delivery</h2>
 * Handlers run on one events thread, one event at a time, in arrival order, whichever way the event
 * came; receiving threads only parse, check and queue. A handler that throws is reported to
 * {@link #onError} and the stream goes on. An event whose type is not documented, or whose data does
 * not fit its type's schema (including a number out of its type's range, or a fraction for an
 * integer), reaches {@link #onOther} as a {@link RawEvent}, never an exception or a wrapped value.
 * Events carrying a {@code key} other than the API key are refused.
 *
 * <h2>Back-pressure</h2>
 * The queue in front of the handlers is bounded ({@link Builder#maxQueuedEvents}, and 64 MiB of
 * event text). When handlers fall behind and it is full, an event from the hub is dropped and an
 * event POSTed to the listener is answered 503 (the sender may retry); the events thread then
 * reports the number dropped to {@link #onError} once, before the next event it handles.
 *
 * <h2>Lifecycle</h2>
 * {@link #close()} (or closing the {@code SonoranCadClient} that made it) closes every hub
 * connection and listener it started and stops the events thread. Thread-safe; handlers may be added
 * at any time.
 */
public final class SonoranCadEvents implements AutoCloseable {
  /** Default most events queued for the handlers; see {@link Builder#maxQueuedEvents}. */
  public static final int DEFAULT_MAX_QUEUED_EVENTS = 10_000;
  /** Most JSON text (in characters) of the events waiting for the handlers, whatever their count. */
  static final long MAX_QUEUED_BYTES = 64L << 20;

  private final ApiKey apiKey;
  private final HttpUrl baseUrl;
  private final int defaultServerId;
  private final OkHttpClient okHttpClient;
  private final boolean allowInsecureHttp;
  private final @Nullable HttpLogger httpLogger;
  private final OkHttpClient ownedOkHttpClient;
  private final ExecutorService ownedExecutor;
  private final ExecutorScheduler ownedScheduler;
  private final Scheduler scheduler;
  private final Clock clock;
  private final DoubleSupplier random;
  private final EventDispatcher dispatcher;
  private final List<AutoCloseable> started = new ArrayList<>();
  private boolean closed;

  private SonoranCadEvents(Builder builder) {
    ClientOptions options = builder.options;
    this.apiKey = OptionsAccess.apiKey(options);
    this.baseUrl = options.baseUrl();
    this.defaultServerId = options.defaultServerId();
    OkHttpClient given = builder.okHttpClient != null ? builder.okHttpClient : options.okHttpClient();
    this.ownedOkHttpClient = given == null ? new OkHttpClient() : null;
    this.okHttpClient = given != null ? given : ownedOkHttpClient;
    this.allowInsecureHttp = options.allowInsecureHttp();
    this.httpLogger = options.httpLogger();
    Executor executor = builder.executor;
    if (executor == null) {
      this.ownedExecutor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sonoran-cad-events");
        thread.setDaemon(true);
        return thread;
      });
      executor = ownedExecutor;
    } else {
      this.ownedExecutor = null;
    }
    if (builder.scheduler == null) {
      this.ownedScheduler = new ExecutorScheduler();
      this.scheduler = ownedScheduler;
    } else {
      this.ownedScheduler = null;
      this.scheduler = builder.scheduler;
    }
    this.clock = options.clock();
    this.random = builder.random;
    this.dispatcher = new EventDispatcher(apiKey, executor, builder.maxQueuedEvents, MAX_QUEUED_BYTES);
  }

  /**
   * Returns a builder of events that read {@code options}, as a client's do: the API key, the base
   * URL the default hub URL is resolved against, the default server ID, the transport rules
   * ({@code allowInsecureHttp}, the {@code HttpLogger}), the clock, and the {@code OkHttpClient} to
   * derive from. {@code SonoranCadClient.events()} makes one for you, on the client's connection pool.
   *
   * @param options the options, such as {@code client.options()}
   * @return the builder
   */
  public static Builder builder(ClientOptions options) {
    return new Builder(options);
  }

  /**
   * Adds a handler of events of {@code type}; several handlers of a type run in the order added.
   *
   * @return this
   */
  public <T> SonoranCadEvents on(EventType<T> type, EventHandler<T> handler) {
    dispatcher.on(Objects.requireNonNull(type, "type == null"), Objects.requireNonNull(handler, "handler == null"));
    return this;
  }

  /**
   * Adds a catch-all handler: events of types this client does not know, and events whose data does
   * not fit their type's schema (also reported to {@link #onError}).
   *
   * @return this
   */
  public SonoranCadEvents onOther(Consumer<RawEvent> handler) {
    dispatcher.onOther(Objects.requireNonNull(handler, "handler == null"));
    return this;
  }

  /**
   * Adds a handler of failures that do not stop the stream: a handler that threw, an event refused
   * or not decodable, a malformed hub message, a dropped connection (with the reconnect delay), a
   * refused authentication. Called on the events thread. Messages never contain the API key.
   *
   * @return this
   */
  public SonoranCadEvents onError(Consumer<SonoranCadException> handler) {
    dispatcher.onError(Objects.requireNonNull(handler, "handler == null"));
    return this;
  }

  /**
   * Returns a builder of a connection to the websocket hub for {@code communityId}.
   *
   * @param communityId the community ID (from the CAD's admin panel)
   * @throws IllegalArgumentException if blank
   */
  public HubConnection.Builder hub(String communityId) {
    Objects.requireNonNull(communityId, "communityId == null");
    if (communityId.isBlank()) {
      throw new IllegalArgumentException("communityId is blank");
    }
    return new HubConnection.Builder(this, communityId, defaultServerId, baseUrl.resolve("apiWsHub"));
  }

  /** Returns a builder of an HTTP push listener ({@code POST /sonorancad/event}). */
  public PushListener.Builder httpListener() {
    return new PushListener.Builder(this);
  }

  /**
   * Closes every hub connection and listener started from here, stops the events thread and releases
   * the OkHttp client created here; a caller-supplied one is left untouched. Idempotent.
   */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(started);
      started.clear();
    }
    for (AutoCloseable closeable : toClose) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // keep closing the others
      }
    }
    if (ownedScheduler != null) {
      ownedScheduler.close();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    if (ownedOkHttpClient != null) {
      ownedOkHttpClient.dispatcher().executorService().shutdown();
      ownedOkHttpClient.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "SonoranCadEvents{baseUrl=" + baseUrl + ", defaultServerId=" + defaultServerId + "}";
  }

  synchronized <C extends AutoCloseable> C register(C closeable) {
    if (closed) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // already failing
      }
      throw new IllegalStateException("these events are closed");
    }
    started.add(closeable);
    return closeable;
  }

  ApiKey apiKey() {
    return apiKey;
  }

  EventDispatcher dispatcher() {
    return dispatcher;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Clock clock() {
    return clock;
  }

  DoubleSupplier random() {
    return random;
  }

  /** Returns the caller's OkHttp client, or the one created here, from which every hub transport derives. */
  OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /**
   * Starts a hub connection. The one place a hub is made: every connection gets these events' key,
   * transport rules ({@link HubTransport}), time and handlers from here.
   *
   * @throws IllegalStateException if the URL is refused (see {@link HubTransport}) or these events are closed
   */
  HubConnection connect(HubSettings settings) {
    HubTransport transport = new HubTransport(okHttpClient, settings.url(), settings.maxMessageBytes(), apiKey,
        httpLogger, allowInsecureHttp);
    HubSupervisor supervisor = new HubSupervisor(settings, this, transport);
    HubConnection connection = register(new HubConnection(supervisor, settings));
    supervisor.start();
    return connection;
  }

  /** Configures {@link SonoranCadEvents} beyond its {@link ClientOptions}. Not thread-safe. */
  public static final class Builder {
    private final ClientOptions options;
    private @Nullable OkHttpClient okHttpClient;
    private Executor executor;
    private Scheduler scheduler;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private int maxQueuedEvents = DEFAULT_MAX_QUEUED_EVENTS;

    private Builder(ClientOptions options) {
      this.options = Objects.requireNonNull(options, "options == null");
    }

    /**
     * Sets how many received events may be queued for the handlers, the one being handled included;
     * beyond it they are dropped and the drop reported (see "Back-pressure" above). Default
     * {@value #DEFAULT_MAX_QUEUED_EVENTS}.
     */
    public Builder maxQueuedEvents(int maxQueuedEvents) {
      if (maxQueuedEvents < 1) {
        throw new IllegalArgumentException("maxQueuedEvents < 1: " + maxQueuedEvents);
      }
      this.maxQueuedEvents = maxQueuedEvents;
      return this;
    }

    /**
     * Sets the OkHttp client the websockets derive from, sharing its dispatcher (each hub connection
     * has a small connection pool of its own), instead of the options' one. Never modified nor
     * closed. Default: the options' {@code okHttpClient}, else one created and closed by these events.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    /** Tests: runs handlers on this executor instead of the events thread. */
    Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** Tests: schedules reconnects, pings and location batches here. */
    Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Tests: the source of reconnect jitter, in [0, 1). */
    Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /**
     * Returns new events; nothing connects until {@link #hub} or {@link #httpListener} is started.
     *
     * @return the events
     */
    public SonoranCadEvents build() {
      return new SonoranCadEvents(this);
    }
  }
}
