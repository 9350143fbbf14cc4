package io.github.dispatchkit.sonorancad.internal.event;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP fallback receiver: {@code POST /sonorancad/event} with a JSON envelope whose {@code key}
 * is the API key.
 *
 * <p>Answers 200 {@code ok} once the envelope is parsed, its key checked (constant time) and the
 * envelope handed to the sink; handlers run later on the sink's thread. Refuses other paths (404),
 * other methods (405), bodies over the cap (413, unread when {@code Content-Length} says so), bodies
 * that are not a JSON object with a {@code type} (400) and a missing or wrong key (401). Never echoes
 * or logs the body. Thread-safe.
 */
public final class HttpPushListener implements AutoCloseable {
  /** The path Sonoran CAD posts to. */
  public static final String PATH = "/sonorancad/event";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiKey apiKey;
  private final int maxBodyBytes;
  private final EnvelopeSink sink;

  /**
   * Binds and starts the listener.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public HttpPushListener(InetSocketAddress address, ApiKey apiKey, int maxBodyBytes, EnvelopeSink sink) {
    this.apiKey = apiKey;
    this.maxBodyBytes = maxBodyBytes;
    this.sink = sink;
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the push listener to " + address, e);
    }
    AtomicInteger count = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "sonoran-cad-push-listener-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Returns the bound address (with the port picked when 0 was asked). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        answer(exchange, 404, "not found");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        answer(exchange, 405, "method not allowed");
        return;
      }
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      if (length != null && isOver(length)) {
        answer(exchange, 413, "payload too large");
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        answer(exchange, 413, "payload too large");
        return;
      }
      Object envelope;
      try {
        envelope = SignalRProtocol.parse(new String(body, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        answer(exchange, 400, "bad request");
        return;
      }
      if (!(envelope instanceof Map<?, ?> map) || !(map.get("type") instanceof String)) {
        answer(exchange, 400, "bad request");
        return;
      }
      Object key = map.get("key");
      if (!apiKey.matches(key instanceof String text ? text : null)) {
        answer(exchange, 401, "unauthorized");
        return;
      }
      sink.accept(envelope, false);
      answer(exchange, 200, "ok");
    }
  }

  private boolean isOver(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false; // read it and count
    }
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while (out.size() < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
