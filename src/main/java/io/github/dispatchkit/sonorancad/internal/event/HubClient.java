package io.github.dispatchkit.sonorancad.internal.event;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.event.HubState;
import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One logical connection to the Sonoran CAD hub over OkHttp's WebSocket, kept up across drops.
 *
 * <p>Opens the socket without negotiation, does the SignalR handshake, invokes
 * {@code authenticatev2(communityId, apiKey[, serverId])}, then hands every {@code pushEvent}
 * argument (a JSON string or an object) to the sink. Sends a ping every keep-alive interval and
 * treats a silent hub (no message within the server timeout) as a drop, as it does an upgrade or an
 * authentication not answered within the handshake timeout, and a message over the size cap. After
 * a drop it reconnects with exponential backoff and equal jitter, and authenticates again; the
 * backoff resets only after a connection stayed authenticated for the server timeout. A refused
 * authentication, or an upgrade answer no retry can fix (3xx, 4xx but 408 and 429), stops it.
 * Every text from the hub that reaches an error goes through the key's redaction. Thread-safe: all
 * state is guarded by one lock, and the sink, futures and listeners are called outside it.
 */
public final class HubClient implements AutoCloseable {
  /** Largest batch of one {@code unitLocation} call (Unit Locations page). */
  public static final int MAX_LOCATIONS_PER_CALL = 25;

  private static final JsonAdapter<HubResult> RESULT = Json.MOSHI.adapter(HubResult.class);
  private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

  /** Everything a connection needs; all non-null except {@code serverId}. */
  public record Settings(
      HttpUrl url,
      String communityId,
      ApiKey apiKey,
      @Nullable Integer serverId,
      Duration keepAliveInterval,
      Duration serverTimeout,
      Duration reconnectInitialDelay,
      Duration reconnectMaxDelay,
      Duration unitLocationInterval,
      Duration handshakeTimeout,
      int maxMessageBytes,
      Clock clock,
      Scheduler scheduler,
      DoubleSupplier random,
      OkHttpClient okHttpClient,
      EnvelopeSink sink,
      Consumer<HubState> stateListener) {
    /** Names the hub, never the API key. */
    @Override
    public String toString() {
      return "Settings{url=" + url + ", communityId=" + communityId + ", serverId=" + serverId + ", apiKey=***}";
    }
  }

  private record Batch(List<HubUnitLocation> updates, CompletableFuture<HubResult> result) {
  }

  private final Settings settings;
  private final OkHttpClient okHttpClient;
  private final ConnectionPool pool = new ConnectionPool(1, 1, TimeUnit.SECONDS);
  /** Bytes read from the current socket since the last whole message: caps a message before OkHttp buffers it. */
  private final AtomicLong unreadMessageBytes = new AtomicLong();
  private final Object lock = new Object();
  private final CompletableFuture<HubResult> firstAuthentication = new CompletableFuture<>();
  private final Map<String, BiConsumer<Object, String>> pending = new LinkedHashMap<>();
  private final Deque<Batch> locationQueue = new ArrayDeque<>();

  private HubState state = HubState.NEW;
  private int generation;
  private WebSocket socket;
  private SignalRProtocol.Records records;
  private boolean handshakeDone;
  private long nextInvocationId;
  private int failedAttempts;
  private Instant lastReceived;
  private Instant lastSent;
  private Instant nextLocationAt = Instant.MIN;
  private Future<?> keepAlive;
  private Future<?> reconnect;
  private Future<?> locationDrain;
  private Future<?> handshakeDeadline;
  private boolean opened;
  private int recordLength;
  private Instant authenticatedAt;
  private int authentications;

  /**
   * Creates a client; nothing connects until {@link #start()}. The websockets go through a client
   * derived from the settings' one (sharing its dispatcher, never modifying it) that follows no
   * redirect, negotiates no compression and has its own small connection pool.
   */
  public HubClient(Settings settings) {
    this.settings = settings;
    OkHttpClient.Builder builder = settings.okHttpClient().newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .connectionPool(pool)
        .addNetworkInterceptor(HubClient::withoutExtensions);
    if (settings.okHttpClient().socketFactory() == SocketFactory.getDefault()) {
      builder.socketFactory(new CountingSocketFactory(unreadMessageBytes, settings.maxMessageBytes()));
    }
    this.okHttpClient = builder.build();
  }

  /**
   * Offers no {@code permessage-deflate} (OkHttp always does) and drops the hub's acceptance, so that
   * a small compressed frame can never inflate past the message cap.
   */
  private static Response withoutExtensions(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request().newBuilder().removeHeader(EXTENSIONS).build());
    return response.header(EXTENSIONS) == null ? response : response.newBuilder().removeHeader(EXTENSIONS).build();
  }

  /** Opens the first connection; returns at once. */
  public void start() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (state != HubState.NEW) {
        throw new IllegalStateException("already started");
      }
      connectLocked(HubState.CONNECTING, after);
    }
    run(after);
  }

  /** Completes with the first successful authentication, or exceptionally if it is refused or the client closed first. */
  public CompletableFuture<HubResult> firstAuthentication() {
    return firstAuthentication.copy();
  }

  public HubState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Returns how many times the hub accepted {@code authenticatev2} on this client (once per connection). */
  public int authentications() {
    synchronized (lock) {
      return authentications;
    }
  }

  /**
   * Queues updates as {@code unitLocation} calls of at most {@value #MAX_LOCATIONS_PER_CALL}, sent no
   * closer together than the interval. A call that finds the hub not authenticated fails at once.
   */
  public CompletableFuture<List<HubResult>> sendUnitLocations(List<HubUnitLocation> updates) {
    List<CompletableFuture<HubResult>> results = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      for (int from = 0; from < updates.size(); from += MAX_LOCATIONS_PER_CALL) {
        List<HubUnitLocation> chunk = List.copyOf(updates.subList(from, Math.min(updates.size(), from + MAX_LOCATIONS_PER_CALL)));
        CompletableFuture<HubResult> result = new CompletableFuture<>();
        results.add(result);
        locationQueue.add(new Batch(chunk, result));
      }
      drainLocationsLocked(after);
    }
    run(after);
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public void close() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (state == HubState.CLOSED) {
        return;
      }
      WebSocket current = socket;
      boolean open = opened;
      stopLocked(HubState.CLOSED, new HubException("hub", "the connection was closed by the application", null), after);
      if (current != null && open) {
        // A polite close, then the socket is cut: a hub that never answers the close keeps no thread.
        current.close(1000, "client closed");
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(current::cancel);
      } else if (current != null) {
        current.cancel();
      }
    }
    pool.evictAll();
    run(after);
  }

  // ---- connection lifecycle (all *Locked methods hold the lock) ----

  private void connectLocked(HubState connecting, List<Runnable> after) {
    generation++;
    records = new SignalRProtocol.Records(settings.maxMessageBytes());
    handshakeDone = false;
    opened = false;
    setStateLocked(connecting, after);
    unreadMessageBytes.set(0);
    Request request = new Request.Builder().url(settings.url()).build();
    socket = okHttpClient.newWebSocket(request, new Listener(generation));
    scheduleHandshakeDeadlineLocked("no answer to the websocket upgrade");
  }

  private void scheduleHandshakeDeadlineLocked(String what) {
    cancel(handshakeDeadline);
    int forGeneration = generation;
    Duration timeout = settings.handshakeTimeout();
    handshakeDeadline = settings.scheduler().schedule(() -> {
      List<Runnable> after = new ArrayList<>();
      synchronized (lock) {
        if (forGeneration == generation && state != HubState.AUTHENTICATED) {
          dropLocked(new HubException("hub", what + " within " + timeout.toMillis() + " ms", null), after);
        }
      }
      run(after);
    }, timeout);
  }

  private void onOpen(WebSocket webSocket) {
    Instant now = settings.clock().instant();
    lastReceived = now;
    opened = true;
    unreadMessageBytes.set(0);
    sendLocked(SignalRProtocol.handshakeRequest());
    scheduleKeepAliveLocked(generation);
    scheduleHandshakeDeadlineLocked("no answer to the SignalR handshake and authenticatev2");
  }

  private void onText(String text, List<Runnable> after) {
    lastReceived = settings.clock().instant();
    int current = generation;
    List<String> complete;
    try {
      complete = records.feed(text);
    } catch (SignalRProtocol.RecordTooLargeException e) {
      dropLocked(new HubException("hub", e.getMessage(), null), after);
      return;
    }
    for (String record : complete) {
      recordLength = record.length();
      if (current != generation) {
        return; // a record dropped the connection; ignore the rest of this frame
      }
      Object message;
      try {
        message = SignalRProtocol.parse(record);
      } catch (IOException e) {
        if (!handshakeDone) {
          dropLocked(new HubException("hub", "unreadable handshake response", e), after);
          return;
        }
        reportLocked(new HubException("hub", "ignored a hub message that is not JSON (" + mask(e.getMessage()) + ")", null), after);
        continue;
      }
      if (!handshakeDone) {
        onHandshake(message, after);
      } else {
        onMessage(message, after);
      }
    }
  }

  private void onHandshake(Object message, List<Runnable> after) {
    if (!(message instanceof Map<?, ?> map)) {
      dropLocked(new HubException("hub", "the handshake response is not a JSON object", null), after);
      return;
    }
    if (map.get("error") != null) {
      dropLocked(new HubException("hub", "the hub refused the handshake: " + mask(String.valueOf(map.get("error"))), null), after);
      return;
    }
    handshakeDone = true;
    List<Object> arguments = new ArrayList<>(List.of(settings.communityId(), settings.apiKey().value()));
    if (settings.serverId() != null) {
      arguments.add(settings.serverId());
    }
    int forGeneration = generation;
    invokeLocked("authenticatev2", arguments, (result, error) -> onAuthentication(forGeneration, result, error));
  }

  private void onAuthentication(int forGeneration, Object result, String error) {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (forGeneration != generation) {
        return; // the connection dropped or closed before the answer was handled
      }
      if (error != null) {
        authenticationFailedLocked(mask(error), after);
      } else {
        HubResult decoded = decodeResult(result);
        if (decoded == null || !Boolean.TRUE.equals(decoded.success())) {
          authenticationFailedLocked(decoded == null ? "unreadable result" : mask(decoded.error()), after);
        } else {
          cancel(handshakeDeadline);
          authenticatedAt = settings.clock().instant();
          authentications++;
          setStateLocked(HubState.AUTHENTICATED, after);
          after.add(() -> firstAuthentication.complete(decoded));
          drainLocationsLocked(after);
        }
      }
    }
    run(after);
  }

  private void authenticationFailedLocked(String error, List<Runnable> after) {
    HubAuthenticationException failure = new HubAuthenticationException(error);
    WebSocket current = socket;
    stopLocked(HubState.FAILED, failure, after);
    if (current != null) {
      current.close(1000, "authentication refused");
    }
    reportLocked(failure, after);
  }

  private void onMessage(Object message, List<Runnable> after) {
    Map<?, ?> map = message instanceof Map<?, ?> m ? m : Map.of();
    switch (SignalRProtocol.type(message)) {
      case SignalRProtocol.INVOCATION -> onInvocation(map, after);
      case SignalRProtocol.COMPLETION -> {
        BiConsumer<Object, String> callback = pending.remove(String.valueOf(map.get("invocationId")));
        if (callback != null) {
          Object error = map.get("error");
          Object result = map.get("result");
          after.add(() -> callback.accept(result, error == null ? null : String.valueOf(error)));
        }
      }
      case SignalRProtocol.PING -> {
        // lastReceived is already updated
      }
      case SignalRProtocol.CLOSE -> {
        Object error = map.get("error");
        dropLocked(new HubException("hub", "the hub closed the connection"
            + (error == null ? "" : ": " + mask(String.valueOf(error))), null), after);
      }
      case -1 -> reportLocked(new HubException("hub", "ignored a hub message without a numeric type", null), after);
      default -> {
        // stream items, acks and other message types are not used by this hub
      }
    }
  }

  private void onInvocation(Map<?, ?> message, List<Runnable> after) {
    Object target = message.get("target");
    if (!"pushEvent".equalsIgnoreCase(String.valueOf(target))) {
      reportLocked(new HubException("hub", "ignored a call of unknown client method "
          + mask(String.valueOf(target)), null), after);
      return;
    }
    if (!(message.get("arguments") instanceof List<?> arguments) || arguments.isEmpty()) {
      reportLocked(new HubException("pushEvent", "ignored a pushEvent without an argument", null), after);
      return;
    }
    Object envelope = arguments.get(0);
    if (envelope instanceof String text) {
      try {
        envelope = SignalRProtocol.parse(text);
      } catch (IOException e) {
        reportLocked(new HubException("pushEvent", "ignored a pushEvent whose string argument is not JSON ("
            + mask(e.getMessage()) + ")", null), after);
        return;
      }
    }
    Object received = envelope;
    int size = arguments.get(0) instanceof String text ? text.length() : recordLength;
    // A full queue drops the event; the events thread reports the count (EventDispatcher).
    after.add(() -> settings.sink().accept(received, true, size));
  }

  private void invokeLocked(String method, List<?> arguments, BiConsumer<Object, String> callback) {
    String id = Long.toString(nextInvocationId++);
    pending.put(id, callback);
    sendLocked(SignalRProtocol.invocation(id, method, arguments));
  }

  private void sendLocked(String record) {
    lastSent = settings.clock().instant();
    socket.send(record);
  }

  private void scheduleKeepAliveLocked(int forGeneration) {
    keepAlive = settings.scheduler().schedule(() -> keepAliveTick(forGeneration), settings.keepAliveInterval());
  }

  private void keepAliveTick(int forGeneration) {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (forGeneration != generation || state == HubState.CLOSED || state == HubState.FAILED) {
        return;
      }
      Duration silent = Duration.between(lastReceived, settings.clock().instant());
      if (silent.compareTo(settings.serverTimeout()) >= 0) {
        dropLocked(new HubException("hub", "no message from the hub for " + silent.toMillis() + " ms", null), after);
      } else {
        sendLocked(SignalRProtocol.ping());
        scheduleKeepAliveLocked(forGeneration);
      }
    }
    run(after);
  }

  /** Ends the current socket and schedules the next attempt with backoff. */
  private void dropLocked(HubException reason, List<Runnable> after) {
    if (state == HubState.CLOSED || state == HubState.FAILED) {
      return;
    }
    WebSocket current = socket;
    Instant now = settings.clock().instant();
    // Only a connection that stayed authenticated for the server timeout resets the backoff: a hub that
    // accepts and drops at once is retried ever more slowly, as one that refuses connections is.
    if (state == HubState.AUTHENTICATED
        && Duration.between(authenticatedAt, now).compareTo(settings.serverTimeout()) >= 0) {
      failedAttempts = 0;
    }
    generation++;
    cancel(keepAlive);
    cancel(handshakeDeadline);
    failPendingLocked(reason, after);
    if (current != null) {
      current.cancel();
    }
    socket = null;
    failedAttempts = Math.min(failedAttempts + 1, 64);
    Duration delay = backoff(failedAttempts);
    setStateLocked(HubState.RECONNECTING, after);
    reconnect = settings.scheduler().schedule(this::reconnectNow, delay);
    reportLocked(new HubException("hub", reason.getMessage().replaceFirst("^hub: ", "")
        + "; reconnecting in " + delay.toMillis() + " ms", reason.getCause()), after);
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
  Duration backoff(int attempt) {
    long initial = settings.reconnectInitialDelay().toMillis();
    long max = settings.reconnectMaxDelay().toMillis();
    long cap = attempt >= 31 ? max : Math.min(max, initial << (attempt - 1));
    if (cap < 0) {
      cap = max;
    }
    return Duration.ofMillis(cap / 2 + Math.round(settings.random().getAsDouble() * (cap - cap / 2)));
  }

  private void stopLocked(HubState finalState, HubException reason, List<Runnable> after) {
    generation++;
    cancel(keepAlive);
    cancel(reconnect);
    cancel(handshakeDeadline);
    cancel(locationDrain);
    locationDrain = null;
    socket = null;
    failPendingLocked(reason, after);
    for (Batch batch : locationQueue) {
      after.add(() -> batch.result().completeExceptionally(reason));
    }
    locationQueue.clear();
    setStateLocked(finalState, after);
    after.add(() -> firstAuthentication.completeExceptionally(reason));
  }

  /** A handshake answer no retry can fix (a 3xx, or a 4xx other than 408 and 429): stops for good. */
  private void refusedUpgradeLocked(int code, List<Runnable> after) {
    String url = mask(settings.url().toString());
    HubException failure = new HubException("hub", "the hub at " + url + " answered HTTP " + code
        + " to the websocket upgrade; " + (code < 400
            ? "redirects are not followed (the API key goes only to the configured hub): set the hub's final URL"
            : "check the hub URL") + " (not retried)", null);
    WebSocket current = socket;
    stopLocked(HubState.FAILED, failure, after);
    if (current != null) {
      current.cancel();
    }
    reportLocked(failure, after);
  }

  static boolean retryable(int code) {
    return code >= 500 || code == 408 || code == 429 || code < 300;
  }

  private void failPendingLocked(HubException reason, List<Runnable> after) {
    List<BiConsumer<Object, String>> callbacks = new ArrayList<>(pending.values());
    pending.clear();
    for (BiConsumer<Object, String> callback : callbacks) {
      after.add(() -> callback.accept(null, "connection lost before the hub answered (" + reason.getMessage() + ")"));
    }
  }

  // ---- unitLocation ----

  private void drainLocationsLocked(List<Runnable> after) {
    if (locationDrain != null) {
      return;
    }
    while (!locationQueue.isEmpty()) {
      Batch batch = locationQueue.peek();
      if (state != HubState.AUTHENTICATED) {
        locationQueue.poll();
        HubException notReady = new HubException("unitLocation", "the hub connection is " + state
            + ", not authenticated", null);
        after.add(() -> batch.result().completeExceptionally(notReady));
        continue;
      }
      Instant now = settings.clock().instant();
      if (now.isBefore(nextLocationAt)) {
        locationDrain = settings.scheduler().schedule(this::drainLocations, Duration.between(now, nextLocationAt));
        return;
      }
      locationQueue.poll();
      nextLocationAt = now.plus(settings.unitLocationInterval());
      invokeLocked("unitLocation", List.of(batch.updates()), (result, error) -> {
        if (error != null) {
          batch.result().completeExceptionally(new HubException("unitLocation", mask(error), null));
          return;
        }
        HubResult decoded = decodeResult(result);
        if (decoded == null || Boolean.FALSE.equals(decoded.success())) {
          batch.result().completeExceptionally(new HubException("unitLocation", "the hub refused the updates: "
              + (decoded == null ? "unreadable result" : mask(decoded.error())), null));
        } else {
          batch.result().complete(decoded);
        }
      });
    }
  }

  private void drainLocations() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      locationDrain = null;
      drainLocationsLocked(after);
    }
    run(after);
  }

  // ---- helpers ----

  private void setStateLocked(HubState newState, List<Runnable> after) {
    if (state != newState) {
      state = newState;
      after.add(() -> settings.stateListener().accept(newState));
    }
  }

  private void reportLocked(HubException error, List<Runnable> after) {
    after.add(() -> settings.sink().error(error));
  }

  private String mask(String text) {
    return settings.apiKey().redact(text);
  }

  private static HubResult decodeResult(Object result) {
    try {
      return result == null ? null : RESULT.fromJsonValue(result);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void cancel(Future<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  private static void run(List<Runnable> actions) {
    for (Runnable action : actions) {
      action.run();
    }
  }

  /**
   * Creates sockets that count what they read (under TLS too: the TLS socket reads through them) and
   * fail a read once the count since the last whole message passes the cap, plus room for TLS
   * records and the read-ahead of the next message.
   */
  private static final class CountingSocketFactory extends SocketFactory {
    private final AtomicLong counter;
    private final int maxMessageBytes;
    private final long limit;

    CountingSocketFactory(AtomicLong counter, int maxMessageBytes) {
      this.counter = counter;
      this.maxMessageBytes = maxMessageBytes;
      this.limit = maxMessageBytes + maxMessageBytes / 32L + (64 << 10);
    }

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public InputStream getInputStream() throws IOException {
          return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              int read = super.read(buffer, offset, length);
              if (read > 0 && counter.addAndGet(read) > limit) {
                throw new MessageTooLargeException(maxMessageBytes, limit);
              }
              return read;
            }
          };
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket socket = createSocket();
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket socket = createSocket();
      socket.bind(new InetSocketAddress(localHost, localPort));
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket socket = createSocket();
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
      Socket socket = createSocket();
      socket.bind(new InetSocketAddress(localAddress, localPort));
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }
  }

  /** The hub sent more than the message cap without finishing a message. */
  private static final class MessageTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    MessageTooLargeException(int maxMessageBytes, long limit) {
      super("the hub sent a message over maxMessageBytes (" + maxMessageBytes + "): " + limit
          + " bytes read without a complete one");
    }
  }

  private final class Listener extends WebSocketListener {
    private final int forGeneration;

    Listener(int forGeneration) {
      this.forGeneration = forGeneration;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      synchronized (lock) {
        if (forGeneration == generation) {
          HubClient.this.onOpen(webSocket);
        }
      }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      unreadMessageBytes.set(0);
      List<Runnable> after = new ArrayList<>();
      synchronized (lock) {
        if (forGeneration == generation) {
          onText(text, after);
        }
      }
      run(after);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      unreadMessageBytes.set(0); // the SignalR JSON protocol sends none: ignored
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
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      if (response != null && !retryable(response.code())) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
          if (forGeneration == generation) {
            refusedUpgradeLocked(response.code(), after);
          }
        }
        run(after);
        return;
      }
      String status = response == null ? "" : " (HTTP " + response.code() + ")";
      lost(new HubException("hub", "connection to " + mask(settings.url().toString()) + " failed" + status + ": "
          + mask(String.valueOf(t.getMessage())), null));
    }

    private void lost(HubException reason) {
      List<Runnable> after = new ArrayList<>();
      synchronized (lock) {
        if (forGeneration == generation) {
          dropLocked(reason, after);
        }
      }
      run(after);
    }
  }
}
