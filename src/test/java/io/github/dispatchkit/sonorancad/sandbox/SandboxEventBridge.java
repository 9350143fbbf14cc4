package io.github.dispatchkit.sonorancad.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the sandbox's successful state changes into push events on a {@link SandboxEventHub}, so
 * handlers can be tested offline against the client's own API calls.
 *
 * <p>It observes every answered exchange ({@code SonoranCadSandbox.builder().onExchange(bridge)}),
 * finds its operation by the spec's routes, and for a 2xx answer of one of the operations below
 * publishes the matching event about the path's {@code serverId}, built from the request and the
 * answer the client received (so the event's dispatch call or 911 call is the one the API returned):
 *
 * <table>
 *   <caption>Operations and the events they publish</caption>
 *   <tr><th>Operation</th><th>Event</th><th>Data</th></tr>
 *   <tr><td>{@code setUnitStatus}</td><td>{@code EVENT_UNIT_STATUS}</td><td>{@code [{identIds, status}]}</td></tr>
 *   <tr><td>{@code setUnitPanic}</td><td>{@code EVENT_UNIT_PANIC}</td><td>{@code [{identIds, isPanic}]}</td></tr>
 *   <tr><td>{@code create911Call}</td><td>{@code EVENT_911}</td><td>{@code [{call: answer}]}</td></tr>
 *   <tr><td>{@code remove911Call}</td><td>{@code EVENT_REMOVE_911}</td><td>{@code {callIds: [callId]}}</td></tr>
 *   <tr><td>{@code createDispatchCall}, {@code createCustomDispatchCall}</td><td>{@code EVENT_DISPATCH_NEW}</td><td>{@code [{dispatch: answer}]}</td></tr>
 *   <tr><td>{@code updateDispatchCall}</td><td>{@code EVENT_DISPATCH_EDIT}</td><td>{@code [{dispatch: answer}]}</td></tr>
 *   <tr><td>{@code attachUnits}, {@code detachUnits}</td><td>{@code EVENT_DISPATCH_UNIT_ATTACH}, {@code _DETACH}</td><td>{@code {callId, idents}}</td></tr>
 *   <tr><td>{@code addCallNote}</td><td>{@code EVENT_DISPATCH_NOTE}</td><td>{@code {callId, note: {content}}}</td></tr>
 *   <tr><td>{@code closeDispatchCalls}</td><td>{@code EVENT_DISPATCH_CLOSED}</td><td>{@code {callIds}}</td></tr>
 * </table>
 *
 * <p>The forms are the event pages' (some as one-element arrays). Unit events name the
 * {@code identIds} the request gave, plus those of an {@code accountUuid} whose identifiers this
 * bridge saw created. Unlike the CAD, whose dispatch events are documented for changes made in the
 * CAD, the sandbox publishes them for API calls too: that is what makes them testable offline.
 * Thread-safe.
 */
public final class SandboxEventBridge implements Consumer<SandboxExchange> {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  /** One successful exchange, decoded: its operation, path parameters, request and answer. */
  private record Change(String operationId, Map<String, String> path, Map<?, ?> request, Object answer) {
    Object requested(String name) {
      return request.get(name);
    }

    Object answered(String name) {
      return answer instanceof Map<?, ?> map ? map.get(name) : null;
    }
  }

  private final SandboxEventHub hub;
  private final CuratedSpec spec = CuratedSpec.packaged();
  private final Map<String, List<Object>> identIdsByAccount = new LinkedHashMap<>();

  public SandboxEventBridge(SandboxEventHub hub) {
    this.hub = hub;
  }

  @Override
  public void accept(SandboxExchange exchange) {
    if (exchange.status() / 100 != 2) {
      return;
    }
    for (CuratedSpec.Route route : spec.routes()) {
      Map<String, String> path = route.method().equals(exchange.method()) ? route.match(exchange.path()) : null;
      if (path != null) {
        Change change = new Change(route.operationId(), path, objectOrEmpty(exchange.requestBody()),
            parse(exchange.responseBody()));
        if (change.operationId().equals("createIdentifier")) {
          remember(path.get("accountUuid"), change.answered("identId"));
        } else if (path.get("serverId") != null) {
          publish(Integer.parseInt(path.get("serverId")), change);
        }
        return;
      }
    }
  }

  private void publish(int serverId, Change change) {
    switch (change.operationId()) {
      case "setUnitStatus" -> unitEvent(serverId, "EVENT_UNIT_STATUS", change, "status");
      case "setUnitPanic" -> unitEvent(serverId, "EVENT_UNIT_PANIC", change, "isPanic");
      case "create911Call" -> hub.publish(serverId, "EVENT_911", List.of(Map.of("call", change.answer())));
      case "remove911Call" -> hub.publish(serverId, "EVENT_REMOVE_911",
          Map.of("callIds", List.of(Long.parseLong(change.path().get("callId")))));
      case "createDispatchCall", "createCustomDispatchCall" ->
          hub.publish(serverId, "EVENT_DISPATCH_NEW", List.of(Map.of("dispatch", change.answer())));
      case "updateDispatchCall" -> hub.publish(serverId, "EVENT_DISPATCH_EDIT", List.of(Map.of("dispatch", change.answer())));
      case "attachUnits" -> hub.publish(serverId, "EVENT_DISPATCH_UNIT_ATTACH", attachment(change));
      case "detachUnits" -> hub.publish(serverId, "EVENT_DISPATCH_UNIT_DETACH", attachment(change));
      case "addCallNote" -> hub.publish(serverId, "EVENT_DISPATCH_NOTE",
          Map.of("callId", Long.parseLong(change.path().get("callId")), "note", Map.of("content", change.answered("note"))));
      case "closeDispatchCalls" -> hub.publish(serverId, "EVENT_DISPATCH_CLOSED", Map.of("callIds", change.answered("callIds")));
      default -> {
        // no event documented for this operation's change
      }
    }
  }

  private void unitEvent(int serverId, String type, Change change, String property) {
    Set<Object> reached = new LinkedHashSet<>();
    if (change.requested("identIds") instanceof List<?> identIds) {
      reached.addAll(identIds);
    }
    if (change.requested("accountUuid") instanceof String account) {
      synchronized (identIdsByAccount) {
        reached.addAll(identIdsByAccount.getOrDefault(account, List.of()));
      }
    }
    if (!reached.isEmpty()) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("identIds", List.copyOf(reached));
      data.put(property, change.requested(property));
      hub.publish(serverId, type, List.of(data));
    }
  }

  private static Map<String, Object> attachment(Change change) {
    Map<String, Object> data = new LinkedHashMap<>();
    Object callId = change.answered("callId") != null ? change.answered("callId") : change.path().get("callId");
    if (callId != null) {
      data.put("callId", callId instanceof String text ? Long.parseLong(text) : callId);
    }
    data.put("idents", change.answered("identIds"));
    return data;
  }

  private void remember(String account, Object identId) {
    if (account != null && identId != null) {
      synchronized (identIdsByAccount) {
        identIdsByAccount.computeIfAbsent(account, ignored -> new ArrayList<>()).add(identId);
      }
    }
  }

  private static Map<?, ?> objectOrEmpty(String json) {
    return parse(json) instanceof Map<?, ?> map ? map : Map.of();
  }

  private static Object parse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.fromJson(json);
    } catch (IOException | RuntimeException e) {
      return null; // not JSON (a multipart upload): no event needs it
    }
  }
}
