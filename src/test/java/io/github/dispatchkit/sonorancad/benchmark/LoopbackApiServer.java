package io.github.dispatchkit.sonorancad.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A strict stand-in for the Set Unit Status endpoint on 127.0.0.1, for {@link ClientBenchmark}.
 *
 * <p>It answers {@code PATCH /v2/emergency/servers/{serverId}/units/status} with
 * {@code 200 {"updated":1,"status":"ENROUTE"}}, and enforces a per-key limit the way a gateway with a
 * sliding-window log does: a request arriving at {@code t} is admitted when fewer than {@code limit}
 * admitted requests arrived in {@code (t - window, t]}, else it gets {@code 429} with
 * {@code Retry-After} (whole seconds, rounded up) and the gateway body
 * {@code {"message":"API rate limit exceeded","request_id":"..."}}. Rejected requests do not enter
 * the log.
 *
 * <p>"Arrival" is {@link System#nanoTime()} when the request is judged, after the request line,
 * headers and body were read, with a nanosecond clock: a gateway stamping arrivals to the
 * millisecond would be more lenient. Keys are the whole
 * {@code Authorization} header; a request without one gets 401.
 */
final class LoopbackApiServer implements AutoCloseable {
  private static final Pattern UNITS_STATUS = Pattern.compile("/v2/emergency/servers/[1-9][0-9]*/units/status");
  private static final byte[] OK_BODY = "{\"updated\":1,\"status\":\"ENROUTE\"}".getBytes(StandardCharsets.UTF_8);

  private static final int MAX_BODIES = 16;

  private final int limit;
  private final long windowNanos;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentMap<String, KeyLog> logs = new ConcurrentHashMap<>();
  private final LongAdder ok = new LongAdder();
  private final LongAdder tooMany = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final Set<String> bodies = ConcurrentHashMap.newKeySet();

  /**
   * Starts a server on an ephemeral loopback port.
   *
   * @param limit admitted requests per key per window; 0 for no limit
   * @param window the sliding window
   * @param threads handler threads
   */
  LoopbackApiServer(int limit, Duration window, int threads) throws IOException {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the client's
    // delayed ACK can add tens of milliseconds to a response. Read once, when the server class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.limit = limit;
    this.windowNanos = window.toNanos();
    AtomicInteger count = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "loopback-api " + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Returns the base URL, ending with a slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  long okCount() {
    return ok.sum();
  }

  long tooManyCount() {
    return tooMany.sum();
  }

  /** Responses other than 200 and 429 (bad method, path, body or missing key). */
  long otherCount() {
    return other.sum();
  }

  /** Arrival times ({@link System#nanoTime()}) of the admitted requests of {@code apiKey}, sorted. */
  List<Long> admittedArrivals(String apiKey) {
    KeyLog log = logs.get("Bearer " + apiKey);
    if (log == null) {
      return List.of();
    }
    List<Long> arrivals;
    synchronized (log) {
      arrivals = new ArrayList<>(log.admitted);
    }
    arrivals.sort(null);
    return arrivals;
  }

  /**
   * The distinct request bodies answered 200 (the first {@value #MAX_BODIES}), to show that
   * variants sent the same request.
   */
  Set<String> distinctBodies() {
    return new TreeSet<>(bodies);
  }

  /**
   * For each 429 to {@code apiKey}: how long before the oldest request in its window left the window
   * it arrived, in nanoseconds.
   */
  List<Long> rejectedEarlyBy(String apiKey) {
    KeyLog log = logs.get("Bearer " + apiKey);
    if (log == null) {
      return List.of();
    }
    synchronized (log) {
      return new ArrayList<>(log.rejectedEarlyBy);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!UNITS_STATUS.matcher(exchange.getRequestURI().getPath()).matches()) {
        respond(exchange, 404, "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      if (!"PATCH".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"message\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        respond(exchange, 401, "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (body.length == 0 || contentType == null || !contentType.startsWith("application/json")) {
        respond(exchange, 400, "{\"message\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      long retryAfterNanos = limit > 0 ? logs.computeIfAbsent(authorization, k -> new KeyLog()).admit() : 0;
      if (retryAfterNanos > 0) {
        long seconds = Math.max(1, (retryAfterNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        String gateway = "{\"message\":\"API rate limit exceeded\",\"request_id\":\"" + UUID.randomUUID() + "\"}";
        respond(exchange, 429, gateway.getBytes(StandardCharsets.UTF_8), Long.toString(seconds));
        return;
      }
      if (bodies.size() < MAX_BODIES) {
        bodies.add(new String(body, StandardCharsets.UTF_8));
      }
      respond(exchange, 200, OK_BODY, null);
    }
  }

  private void respond(HttpExchange exchange, int code, byte[] body, String retryAfter) throws IOException {
    if (code == 200) {
      ok.increment();
    } else if (code == 429) {
      tooMany.increment();
    } else {
      other.increment();
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The sliding-window log of one key: recent admitted arrivals, and all of them for the report. */
  private final class KeyLog {
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private final List<Long> admitted = new ArrayList<>();
    private final List<Long> rejectedEarlyBy = new ArrayList<>();

    /**
     * Stamps an arrival now and returns 0 if admitted (and logs it), else the nanoseconds until a
     * slot frees. Stamping under the lock keeps stamps in the order requests are judged; a stamp
     * taken earlier, before concurrent handlers raced here, could judge a request against one
     * stamped after it.
     */
    synchronized long admit() {
      long arrival = System.nanoTime();
      while (!recent.isEmpty() && recent.peekFirst() <= arrival - windowNanos) {
        recent.removeFirst();
      }
      if (recent.size() >= limit) {
        long early = recent.peekFirst() + windowNanos - arrival;
        rejectedEarlyBy.add(early);
        return Math.max(1, early);
      }
      recent.addLast(arrival);
      admitted.add(arrival);
      return 0;
    }
  }
}
