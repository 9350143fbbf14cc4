package io.github.dispatchkit.sonorancad.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The sandbox's push-event hub: a SignalR JSON hub at {@code /apiWsHub} on 127.0.0.1, and the HTTP
 * fallback, so event handlers can be tested offline end to end.
 *
 * <p>It answers the handshake, {@code authenticatev2(communityId, apiKey[, serverId])} (refused for
 * a wrong community ID, key or server ID) and {@code unitLocation} (kept for {@link #unitLocations()},
 * with the documented limits: 25 per call, one call per 200 ms is not enforced). {@link #publish}
 * sends an event the way Sonoran CAD does: to the sessions authenticated for that server, as a
 * {@code pushEvent} whose argument is the envelope as a JSON string; when there is none and an HTTP
 * listener URL is set, as a POST of the envelope to it. Thread-safe.
 *
 * <p>Entry point for the sandbox's state changes: {@link #publish(int, String, Object)}.
 */
public final class SandboxEventHub implements AutoCloseable {
  /** The community ID the hub accepts unless another is set. */
  public static final String DEFAULT_COMMUNITY_ID = SonoranCadSandbox.COMMUNITY_ID;

  /** How {@link #publish} delivered an event. */
  public enum Published {
    /** Sent to at least one hub session of the server. */
    HUB,
    /** No session: POSTed to the HTTP listener, which answered 2xx. */
    HTTP,
    /** No session and no listener (or the listener refused it): dropped, as the CAD would. */
    DROPPED
  }

  private static final char RS = '\u001e';
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  /** How many {@code unitLocation} updates {@link #unitLocations()} keeps, the latest. */
  static final int KEPT_UNIT_LOCATIONS = 1_000;

  private final String apiKey;
  private final String communityId;
  private final Set<Integer> serverIds;
  private final String httpListenerUrl;
  private final int port;
  private final MockWebServer server = new MockWebServer();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  /** The last {@link #KEPT_UNIT_LOCATIONS} updates: a client sending forever does not fill the heap. */
  private final List<Object> unitLocations = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private SandboxEventHub(Builder builder) {
    this.apiKey = builder.apiKey;
    this.communityId = builder.communityId;
    this.serverIds = builder.serverIds;
    this.httpListenerUrl = builder.httpListenerUrl;
    this.port = builder.port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening on 127.0.0.1, on the configured port or a free one.
   *
   * @throws UncheckedIOException naming the port if it cannot be bound
   */
  public SandboxEventHub start() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // MockWebServer records every request it serves until taken: take them, or a client that
        // reconnects forever fills the heap.
        while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
          // Dropped: nothing reads them.
        }
        if (!"/apiWsHub".equals(request.getRequestUrl().encodedPath())) {
          return new MockResponse().setResponseCode(404);
        }
        return new MockResponse().withWebSocketUpgrade(new Session());
      }
    });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the push-event hub to 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    return this;
  }

  /** Returns the hub URL, {@code http://127.0.0.1:<port>/apiWsHub}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort() + "/apiWsHub";
  }

  /** Returns the number of sessions authenticated for {@code serverId}. */
  public int sessions(int serverId) {
    return (int) sessions.stream().filter(session -> Objects.equals(session.serverId, serverId)).count();
  }

  /** Returns the last {@value #KEPT_UNIT_LOCATIONS} {@code unitLocation} updates received, as JSON values, in order. */
  public List<Object> unitLocations() {
    return List.copyOf(unitLocations);
  }

  /**
   * Sends an event about {@code serverId}: to its hub sessions, else to the HTTP listener.
   *
   * @param type the event type, such as {@code "EVENT_UNIT_STATUS"}
   * @param data the event's data as a JSON value (maps, lists, strings, numbers, booleans)
   */
  public Published publish(int serverId, String type, Object data) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("key", apiKey);
    envelope.put("type", type);
    envelope.put("data", data);
    String json = JSON.toJson(envelope);
    boolean sent = false;
    for (Session session : sessions) {
      if (Objects.equals(session.serverId, serverId)) {
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("type", 1);
        invocation.put("target", "pushEvent");
        invocation.put("arguments", List.of(json));
        sent |= session.socket.send(JSON.toJson(invocation) + RS);
      }
    }
    if (sent) {
      return Published.HUB;
    }
    if (httpListenerUrl == null) {
      return Published.DROPPED;
    }
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(httpListenerUrl))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2 ? Published.HTTP : Published.DROPPED;
    } catch (IOException e) {
      return Published.DROPPED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Published.DROPPED;
    }
  }

  /** Drops every session abruptly (close code 1011), as a restarting hub would. */
  public void dropSessions() {
    for (Session session : sessions) {
      session.socket.close(1011, "hub restarting");
    }
    sessions.clear();
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Session extends WebSocketListener {
    private final StringBuilder pending = new StringBuilder();
    private WebSocket socket;
    private boolean handshakeDone;
    private volatile Integer serverId;
    private boolean authenticated;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      this.socket = webSocket;
    }

    @Override
    public synchronized void onMessage(WebSocket webSocket, String text) {
      pending.append(text);
      int end;
      while ((end = pending.indexOf(String.valueOf(RS))) >= 0) {
        String record = pending.substring(0, end);
        pending.delete(0, end + 1);
        onRecord(record);
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      sessions.remove(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      sessions.remove(this);
    }

    private void onRecord(String record) {
      Object message;
      try {
        message = JSON.fromJson(record);
      } catch (IOException | RuntimeException e) {
        socket.close(1002, "not JSON");
        return;
      }
      if (!(message instanceof Map<?, ?> map)) {
        return;
      }
      if (!handshakeDone) {
        handshakeDone = true;
        socket.send("json".equals(map.get("protocol")) ? "{}" + RS : "{\"error\":\"Requested protocol is not available.\"}" + RS);
        return;
      }
      Object type = map.get("type");
      if (!(type instanceof Number number) || number.intValue() != 1) {
        return; // pings and anything else
      }
      Object id = map.get("invocationId");
      List<?> arguments = map.get("arguments") instanceof List<?> list ? list : List.of();
      Map<String, Object> result = switch (String.valueOf(map.get("target"))) {
        case "authenticatev2" -> authenticate(arguments);
        case "unitLocation" -> unitLocation(arguments);
        default -> null;
      };
      if (id != null) {
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("type", 3);
        completion.put("invocationId", id);
        if (result == null) {
          completion.put("error", "Unknown hub method '" + map.get("target") + "'");
        } else {
          completion.put("result", result);
        }
        socket.send(JSON.toJson(completion) + RS);
      }
    }

    private Map<String, Object> authenticate(List<?> arguments) {
      if (arguments.size() < 2 || !communityId.equals(arguments.get(0)) || !apiKey.equals(arguments.get(1))) {
        return answer(false, "Invalid community ID or API key.", 0);
      }
      Integer requested = null;
      if (arguments.size() > 2 && arguments.get(2) != null) {
        requested = arguments.get(2) instanceof Number number ? number.intValue() : -1;
        if (!serverIds.contains(requested)) {
          return answer(false, "Invalid server ID.", 0);
        }
      }
      authenticated = true;
      serverId = requested;
      if (!sessions.contains(this)) {
        sessions.add(this);
      }
      return answer(true, null, 1);
    }

    private Map<String, Object> unitLocation(List<?> arguments) {
      if (!authenticated) {
        return answer(false, "Unauthenticated. Call authenticate first.", 0);
      }
      if (arguments.isEmpty() || !(arguments.get(0) instanceof List<?> updates) || updates.isEmpty()) {
        return answer(false, "Missing unit location updates.", 0);
      }
      if (updates.size() > 25) {
        return answer(false, "Too many unit updates in one call. Max is 25.", 0);
      }
      synchronized (unitLocations) {
        unitLocations.addAll(updates);
        int excess = unitLocations.size() - KEPT_UNIT_LOCATIONS;
        if (excess > 0) {
          unitLocations.subList(0, excess).clear();
        }
      }
      return answer(true, null, updates.size());
    }

    private Map<String, Object> answer(boolean success, String error, int count) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("success", success);
      result.put("error", error);
      result.put("count", count);
      return result;
    }
  }

  /** Configures a {@link SandboxEventHub}. Not thread-safe. */
  public static final class Builder {
    private String apiKey = SonoranCadSandbox.DEFAULT_API_KEY;
    private String communityId = DEFAULT_COMMUNITY_ID;
    private Set<Integer> serverIds = Set.of(1);
    private String httpListenerUrl;
    private int port;

    private Builder() {
    }

    /** Sets the loopback port; 0, the default, picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets the API key accepted and sent as every event's {@code key}; default the sandbox's. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    public Builder communityId(String communityId) {
      this.communityId = Objects.requireNonNull(communityId, "communityId");
      return this;
    }

    public Builder serverIds(Integer... serverIds) {
      this.serverIds = Set.of(serverIds);
      return this;
    }

    /** Sets the HTTP listener events are POSTed to when no hub session matches their server. */
    public Builder httpListenerUrl(String url) {
      this.httpListenerUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    public SandboxEventHub build() {
      return new SandboxEventHub(this);
    }
  }
}
