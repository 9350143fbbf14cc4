package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP fallback receiver: {@code POST /sonorancad/event} with a JSON envelope whose {@code key}
 * is the API key, on a small HTTP/1.1 server of its own (one thread, non-blocking sockets).
 *
 * <p>Answers 200 {@code ok} once the envelope is parsed, its key checked (constant time) and the
 * envelope handed to the sink; handlers run later on the sink's thread. Refuses other paths (404),
 * other methods (405), bodies over the cap (413: at once when {@code Content-Length} says so, else as
 * soon as the chunked body passes it), bodies that are not a JSON object with a {@code type} (400),
 * a missing or wrong key (401), and events the sink has no room for (503). Every response closes the
 * connection. Never echoes or logs the body.
 *
 * <p>Why not the JDK's {@code HttpServer}: it has no read deadline of its own (only JVM-wide system
 * properties), and each request holds a thread while its headers and body trickle in, so a few slow
 * connections starve it. Here a slow connection costs no thread: a request must arrive whole within
 * the request timeout (else 408), at most {@code maxConnections} requests are in progress (a new one
 * closes the oldest), and their buffered bodies share a budget (beyond it the oldest are closed).
 * Thread-safe.
 */
final class HttpPushListener implements AutoCloseable {
  /** The path Sonoran CAD posts to. */
  static final String PATH = "/sonorancad/event";
  /** Largest request line plus headers, and largest chunked-body trailer. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** What the bodies of all requests in progress may hold together, unless one body's cap is larger. */
  static final long BUFFER_BUDGET = 64L << 20;
  /** How long an answered connection is drained before it is closed, so the client reads the answer. */
  private static final long LINGER_NANOS = Duration.ofSeconds(2).toNanos();
  /** How much of a refused body is drained before the connection is closed. */
  private static final long MAX_DISCARD_BYTES = 256 * 1024;

  /**
   * The listener's limits.
   *
   * @param maxBodyBytes the largest body accepted
   * @param requestTimeout how long a whole request (headers and body) may take to arrive
   * @param maxConnections how many requests may be in progress at once
   */
  record Limits(int maxBodyBytes, Duration requestTimeout, int maxConnections) {
  }

  private final ApiKey apiKey;
  private final Limits limits;
  private final EnvelopeSink sink;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread thread;
  private final InetSocketAddress address;
  private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
  /** Requests being received, oldest (earliest deadline) first. */
  private final LinkedHashSet<Connection> reading = new LinkedHashSet<>();
  /** Answered connections being drained, oldest first. */
  private final LinkedHashSet<Connection> lingering = new LinkedHashSet<>();
  private long buffered;
  private volatile boolean closed;

  /**
   * Binds and starts the listener.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  HttpPushListener(InetSocketAddress address, ApiKey apiKey, Limits limits, EnvelopeSink sink) {
    this.apiKey = apiKey;
    this.limits = limits;
    this.sink = sink;
    try {
      this.selector = Selector.open();
      this.server = ServerSocketChannel.open();
      try {
        server.bind(address, 256);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.address = (InetSocketAddress) server.getLocalAddress();
      } catch (IOException e) {
        server.close();
        selector.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the push listener to " + address, e);
    }
    // Not a daemon, like the JDK's HttpServer: a running listener keeps the program alive until closed.
    this.thread = new Thread(this::loop, "sonoran-cad-push-listener-" + this.address.getPort());
    thread.start();
  }

  /** Returns the bound address (with the port picked when 0 was asked). */
  InetSocketAddress address() {
    return address;
  }

  /** Stops listening and closes every connection; returns when the port is released. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(server);
  }

  private void loop() {
    try {
      while (!closed) {
        long now = System.nanoTime();
        expire(now);
        long next = nextDeadline();
        long waitMillis = next == Long.MAX_VALUE ? 0 : Math.max(1, (next - now + 999_999) / 1_000_000);
        selector.select(waitMillis);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else if (key.attachment() instanceof Connection connection) {
            try {
              if (key.isWritable()) {
                connection.flush();
              }
              if (key.isValid() && key.isReadable()) {
                connection.read();
              }
            } catch (IOException | RuntimeException e) {
              connection.close();
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the selector failed: nothing left to serve
    } finally {
      for (Connection connection : new ArrayList<>(reading)) {
        connection.close();
      }
      for (Connection connection : new ArrayList<>(lingering)) {
        connection.close();
      }
      closeQuietly(server);
      closeQuietly(selector);
    }
  }

  private void acceptAll() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection connection = new Connection(channel, System.nanoTime() + limits.requestTimeout().toNanos());
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        reading.add(connection);
      } catch (IOException e) {
        closeQuietly(channel);
        continue;
      }
      while (reading.size() > limits.maxConnections()) {
        reading.iterator().next().close(); // the oldest request in progress makes room
      }
    }
  }

  private void expire(long now) {
    while (!reading.isEmpty()) {
      Connection oldest = reading.iterator().next();
      if (oldest.deadline - now > 0) {
        break;
      }
      oldest.answer(408, "request timeout");
    }
    while (!lingering.isEmpty()) {
      Connection oldest = lingering.iterator().next();
      if (oldest.deadline - now > 0) {
        break;
      }
      oldest.close();
    }
  }

  private long nextDeadline() {
    long next = Long.MAX_VALUE;
    if (!reading.isEmpty()) {
      next = reading.iterator().next().deadline;
    }
    if (!lingering.isEmpty()) {
      long linger = lingering.iterator().next().deadline;
      next = next == Long.MAX_VALUE || linger - next < 0 ? linger : next;
    }
    return next;
  }

  /** Closes the oldest other requests until the bodies in progress fit the budget again. */
  private void enforceBudget(Connection growing) {
    long budget = Math.max(BUFFER_BUDGET, limits.maxBodyBytes());
    Iterator<Connection> oldestFirst = new ArrayList<>(reading).iterator();
    while (buffered > budget && oldestFirst.hasNext()) {
      Connection victim = oldestFirst.next();
      if (victim != growing) {
        victim.close();
      }
    }
  }

  /** Checks a whole request body and hands the envelope on; returns the status to answer. */
  private int handle(byte[] body, int length) {
    Object envelope;
    try {
      envelope = SignalRProtocol.parse(new String(body, 0, length, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return 400;
    }
    if (!(envelope instanceof Map<?, ?> map) || !(map.get("type") instanceof String)) {
      return 400;
    }
    Object key = map.get("key");
    if (!apiKey.matches(key instanceof String text ? text : null)) {
      return 401;
    }
    return sink.accept(envelope, false, length) ? 200 : 503;
  }

  private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
    ByteBuffer joined = ByteBuffer.allocate(first.remaining() + second.remaining());
    return joined.put(first).put(second).flip();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Payload Too Large";
      case 431 -> "Request Header Fields Too Large";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  private enum Phase { HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, ANSWERING, LINGERING }

  /** One client connection: parses one request as it arrives, answers it, then drains and closes. */
  private final class Connection {
    private final SocketChannel channel;
    private SelectionKey key;
    private long deadline;
    private Phase phase = Phase.HEADERS;
    /** The header block while in HEADERS, then the body. */
    private byte[] data = new byte[0];
    private int size;
    private int headerScan;
    /** The body's length: from Content-Length, or the cap for a chunked one. */
    private long bodyLimit;
    private long chunkRemaining;
    private final StringBuilder line = new StringBuilder();
    private boolean lineDone;
    private int trailerBytes;
    private long discarded;
    private ByteBuffer pendingWrite;
    private boolean answered;

    Connection(SocketChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }

    void read() throws IOException {
      while (true) {
        scratch.clear();
        int read = channel.read(scratch);
        if (read < 0) {
          close(); // drained, or the client gave up before sending the whole request
          return;
        }
        if (read == 0) {
          return;
        }
        scratch.flip();
        if (phase == Phase.ANSWERING || phase == Phase.LINGERING) {
          discarded += read;
          if (discarded > MAX_DISCARD_BYTES) {
            close();
            return;
          }
          continue;
        }
        consume(scratch);
        if (!key.isValid()) {
          return;
        }
      }
    }

    private void consume(ByteBuffer input) {
      while (input.hasRemaining() && !answered) {
        switch (phase) {
          case HEADERS -> readHeaders(input);
          case BODY -> {
            int take = (int) Math.min(input.remaining(), bodyLimit - size);
            append(input, take);
            if (size == bodyLimit) {
              complete();
            }
          }
          case CHUNK_SIZE -> {
            if (readLine(input, 1024)) {
              chunkSize(line.toString());
            }
          }
          case CHUNK_DATA -> {
            int take = (int) Math.min(input.remaining(), chunkRemaining);
            append(input, take);
            chunkRemaining -= take;
            if (chunkRemaining == 0) {
              phase = Phase.CHUNK_END;
            }
          }
          case CHUNK_END -> {
            if (readLine(input, 2)) {
              if (line.length() != 0) {
                answer(400, "bad request");
              } else {
                phase = Phase.CHUNK_SIZE;
              }
            }
          }
          case TRAILER -> {
            int before = input.remaining();
            boolean done = readLine(input, MAX_HEADER_BYTES);
            trailerBytes += before - input.remaining();
            if (trailerBytes > MAX_HEADER_BYTES) {
              answer(431, "request header fields too large");
            } else if (done && line.length() == 0) {
              complete();
            }
          }
          default -> input.position(input.limit());
        }
      }
      if (answered) {
        discarded += input.remaining();
        input.position(input.limit());
      }
    }

    private void readHeaders(ByteBuffer input) {
      int take = Math.min(input.remaining(), MAX_HEADER_BYTES + 1 - size);
      append(input, take);
      for (int i = Math.max(3, headerScan); i < size; i++) {
        if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
          String head = new String(data, 0, i - 3, StandardCharsets.ISO_8859_1);
          byte[] rest = Arrays.copyOfRange(data, i + 1, size);
          releaseData();
          onHeaders(head);
          if (!answered && rest.length > 0) {
            consume(ByteBuffer.wrap(rest));
          }
          return;
        }
      }
      headerScan = size;
      if (size > MAX_HEADER_BYTES) {
        answer(431, "request header fields too large");
      }
    }

    private void onHeaders(String head) {
      String[] lines = head.split("\r\n", -1);
      String[] request = lines[0].split(" ", -1);
      if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
        answer(400, "bad request");
        return;
      }
      String target = request[1];
      int query = target.indexOf('?');
      if (!PATH.equals(query < 0 ? target : target.substring(0, query))) {
        answer(404, "not found");
        return;
      }
      if (!"POST".equals(request[0])) {
        answer(405, "method not allowed");
        return;
      }
      String contentLength = null;
      String transferEncoding = null;
      boolean expectContinue = false;
      for (int i = 1; i < lines.length; i++) {
        String header = lines[i];
        int colon = header.indexOf(':');
        if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
          answer(400, "bad request");
          return;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> {
            if (contentLength != null && !contentLength.equals(value)) {
              answer(400, "bad request");
              return;
            }
            contentLength = value;
          }
          case "transfer-encoding" -> transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
          case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
          default -> {
            // other headers do not matter here
          }
        }
      }
      if (transferEncoding != null) {
        if (contentLength != null) {
          answer(400, "bad request"); // both: a smuggling attempt or a broken client
          return;
        }
        if (!transferEncoding.equalsIgnoreCase("chunked")) {
          answer(501, "not implemented");
          return;
        }
        bodyLimit = limits.maxBodyBytes();
        phase = Phase.CHUNK_SIZE;
      } else {
        long length = parseLength(contentLength == null ? "0" : contentLength);
        if (length < 0) {
          answer(400, "bad request");
          return;
        }
        if (length > limits.maxBodyBytes()) {
          answer(413, "payload too large");
          return;
        }
        bodyLimit = length;
        phase = Phase.BODY;
        if (length == 0) {
          complete();
          return;
        }
      }
      if (expectContinue) {
        write(ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
      }
    }

    /** Returns the decimal length, Long.MAX_VALUE when too long to matter, or -1 when malformed. */
    private long parseLength(String text) {
      if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
    }

    private void chunkSize(String text) {
      int end = text.indexOf(';');
      String hex = (end < 0 ? text : text.substring(0, end)).trim();
      if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        answer(400, "bad request");
        return;
      }
      long chunk = hex.length() > 15 ? Long.MAX_VALUE : Long.parseLong(hex, 16);
      if (chunk > bodyLimit - size) {
        answer(413, "payload too large");
        return;
      }
      if (chunk == 0) {
        phase = Phase.TRAILER;
      } else {
        chunkRemaining = chunk;
        phase = Phase.CHUNK_DATA;
      }
    }

    /** Reads up to a CRLF into {@link #line}; true when the line is complete. */
    private boolean readLine(ByteBuffer input, int maxLength) {
      if (lineDone) {
        line.setLength(0);
        lineDone = false;
      }
      while (input.hasRemaining()) {
        char c = (char) (input.get() & 0xff);
        if (c == '\n') {
          if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
          }
          lineDone = true;
          return true;
        }
        line.append(c);
        if (line.length() > maxLength) {
          answer(phase == Phase.TRAILER ? 431 : 400, phase == Phase.TRAILER ? "request header fields too large" : "bad request");
          return false;
        }
      }
      return false;
    }

    private void append(ByteBuffer input, int count) {
      long needed = (long) size + count;
      if (needed > data.length) {
        long limit = phase == Phase.HEADERS ? MAX_HEADER_BYTES + 1 : bodyLimit;
        long grown = Math.max(needed, Math.min(Math.max(data.length * 2L, 1024), limit));
        int capacity = (int) Math.min(grown, Integer.MAX_VALUE - 8);
        buffered += capacity - data.length;
        data = Arrays.copyOf(data, capacity);
        enforceBudget(this);
      }
      input.get(data, size, count);
      size += count;
    }

    private void releaseData() {
      buffered -= data.length;
      data = new byte[0];
      size = 0;
    }

    private void complete() {
      answer(handle(data, size), null);
    }

    /** Answers and closes: the request is over, whatever else arrives is drained. */
    void answer(int status, String text) {
      if (answered) {
        return;
      }
      answered = true;
      reading.remove(this);
      releaseData();
      String body = text != null ? text : switch (status) {
        case 200 -> "ok";
        case 400 -> "bad request";
        case 401 -> "unauthorized";
        case 503 -> "busy";
        default -> "error";
      };
      String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
          + (status == 405 ? "Allow: POST\r\n" : "")
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body;
      phase = Phase.ANSWERING;
      deadline = System.nanoTime() + LINGER_NANOS;
      lingering.add(this);
      while (lingering.size() > limits.maxConnections()) {
        lingering.iterator().next().close();
      }
      write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void write(ByteBuffer bytes) {
      pendingWrite = pendingWrite == null || !pendingWrite.hasRemaining() ? bytes : concat(pendingWrite, bytes);
      try {
        flush();
      } catch (IOException e) {
        close();
      }
    }

    void flush() throws IOException {
      if (pendingWrite != null) {
        channel.write(pendingWrite);
        if (pendingWrite.hasRemaining()) {
          key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
          return;
        }
        pendingWrite = null;
        key.interestOps(SelectionKey.OP_READ);
      }
      if (phase == Phase.ANSWERING) {
        phase = Phase.LINGERING;
        channel.shutdownOutput();
      }
    }

    void close() {
      if (!reading.remove(this)) {
        lingering.remove(this);
      }
      buffered -= data.length;
      data = new byte[0];
      size = 0;
      if (key != null) {
        key.cancel();
      }
      closeQuietly(channel);
    }
  }
}
