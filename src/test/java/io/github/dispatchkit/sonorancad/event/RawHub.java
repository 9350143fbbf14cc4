package io.github.dispatchkit.sonorancad.event;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A raw WebSocket server on 127.0.0.1 that speaks no protocol by itself: the test reads what the
 * client sent and writes every frame the hub would. Each accepted socket is one {@link Session}.
 */
final class RawHub implements AutoCloseable {
  static final char RS = '\u001e';

  private final MockWebServer server = new MockWebServer();
  private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final Headers.Builder upgradeHeaders = new Headers.Builder();

  RawHub() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        Session session = new Session();
        synchronized (upgradeHeaders) {
          return new MockResponse().setHeaders(upgradeHeaders.build()).withWebSocketUpgrade(session);
        }
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/apiWsHub";
  }

  int port() {
    return server.getPort();
  }

  /** Waits for the next client connection. */
  Session nextSession() throws InterruptedException {
    Session session = sessions.poll(10, TimeUnit.SECONDS);
    if (session == null) {
      throw new AssertionError("no connection within 10 s");
    }
    session.awaitOpen();
    return session;
  }

  /** Waits for the next client connection, authenticates it, and waits until {@code connection} knows. */
  Session nextAuthenticated(HubConnection connection) throws Exception {
    Session session = nextSession();
    session.acceptAndAuthenticate();
    connection.authenticated().get(10, TimeUnit.SECONDS);
    return session;
  }

  String nextPath() throws InterruptedException {
    return nextPath(java.time.Duration.ofSeconds(10));
  }

  /** Returns the path of the next request, or null if none arrives within {@code wait}. */
  String nextPath(java.time.Duration wait) throws InterruptedException {
    RecordedRequest request = nextRequest(wait);
    return request == null ? null : request.getPath();
  }

  /** Returns the next request (the websocket upgrade as received), or null if none arrives within {@code wait}. */
  RecordedRequest nextRequest(java.time.Duration wait) throws InterruptedException {
    return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Adds a header to every later answer to an upgrade. */
  void addUpgradeHeader(String name, String value) {
    synchronized (upgradeHeaders) {
      upgradeHeaders.add(name, value);
    }
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }

  /** One client connection, server side. */
  final class Session extends WebSocketListener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>(1);
    private WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      opened.add(webSocket);
      sessions.add(this);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      for (String record : text.split(String.valueOf(RS))) {
        if (!record.isEmpty()) {
          received.add(record);
        }
      }
      if (!text.endsWith(String.valueOf(RS))) {
        received.add("<no record separator>");
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      received.add("<closed " + code + ">");
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      received.add("<failure " + t + ">");
    }

    void awaitOpen() throws InterruptedException {
      if (socket == null) {
        socket = opened.poll(10, TimeUnit.SECONDS);
      }
    }

    /** Returns the next record the client sent, without its separator. */
    String next() throws InterruptedException {
      String record = received.poll(10, TimeUnit.SECONDS);
      if (record == null) {
        throw new AssertionError("the client sent nothing within 10 s");
      }
      return record;
    }

    /** Sends text as one frame, as is. */
    void sendRaw(String text) {
      socket.send(text);
    }

    /** Sends records, each ended by the separator, in one frame. */
    void send(String... records) {
      StringBuilder frame = new StringBuilder();
      for (String record : records) {
        frame.append(record).append(RS);
      }
      socket.send(frame.toString());
    }

    /**
     * Sends records in one frame once OkHttp's outgoing queue is under 1 MiB, so that a flood never
     * reaches the 16 MiB at which OkHttp would drop the frame and close the socket.
     */
    void sendPaced(String... records) {
      while (socket.queueSize() > (1 << 20)) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the writer thread drains it
      }
      StringBuilder frame = new StringBuilder();
      for (String record : records) {
        frame.append(record).append(RS);
      }
      if (!socket.send(frame.toString())) {
        throw new AssertionError("the frame was not queued");
      }
    }

    /** Answers the handshake the client sends first; returns the record it sends next, the auth invocation. */
    String acceptHandshake() throws InterruptedException {
      String handshake = next();
      if (!handshake.equals("{\"protocol\":\"json\",\"version\":1}")) {
        throw new AssertionError("unexpected handshake " + handshake);
      }
      send("{}");
      return next();
    }

    /** Answers the handshake and the authentication the client sends first; returns the auth invocation. */
    String acceptAndAuthenticate() throws InterruptedException {
      String auth = acceptHandshake();
      send(completion(invocationId(auth), "{\"success\":true,\"error\":null,\"count\":1}"));
      return auth;
    }

    /** Closes the socket with 1011 (server error), as a hub going away would. */
    void drop() {
      socket.close(1011, "going away");
    }

    void closeNormally() {
      socket.close(1000, "bye");
    }
  }

  static String invocationId(String invocation) {
    int start = invocation.indexOf("\"invocationId\":\"") + 16;
    return invocation.substring(start, invocation.indexOf('"', start));
  }

  static String completion(String invocationId, String resultJson) {
    return "{\"type\":3,\"invocationId\":\"" + invocationId + "\",\"result\":" + resultJson + "}";
  }

  static String pushEventAsString(String envelopeJson) {
    return "{\"type\":1,\"target\":\"pushEvent\",\"arguments\":[" + quote(envelopeJson) + "]}";
  }

  static String pushEventAsObject(String envelopeJson) {
    return "{\"type\":1,\"target\":\"pushEvent\",\"arguments\":[" + envelopeJson + "]}";
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
