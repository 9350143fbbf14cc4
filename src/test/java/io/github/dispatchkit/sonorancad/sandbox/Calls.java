package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dispatchkit.sonorancad.generated.model.CallStatus;
import io.github.dispatchkit.sonorancad.generated.model.CallTableType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Dispatch and 911 calls of each server: create, update, attach and detach units, notes, postal, primary, close, list.
 *
 * <p>Call IDs are assigned 1, 2, 3... per table (dispatch, 911) across servers. The targets of a new
 * call, of attach and of detach resolve to identifiers through {@link Units} (an empty
 * {@code communityUserIds} or {@code accounts} array makes an unassigned call). The first unit
 * attached becomes the primary. Closed calls are listed newest first. Guarded by the
 * {@link SandboxState} lock.
 */
final class Calls {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> CALL_FIELDS = List.of("origin", "status", "priority", "block", "address",
      "postal", "title", "code", "description", "trackPrimary", "metaData");

  /** The call tables of one server. */
  private static final class ServerCalls {
    final Map<Integer, ObjectNode> active = new TreeMap<>();
    final List<ObjectNode> closed = new ArrayList<>();
    final Map<Integer, ObjectNode> emergency = new TreeMap<>();
  }

  private final Units units;
  private final InstantSource clock;
  private final Map<Integer, ServerCalls> servers = new HashMap<>();
  private int lastCallId;
  private int last911CallId;

  Calls(Units units, InstantSource clock) {
    this.units = units;
    this.clock = clock;
  }

  void register(OperationHandlers handlers) {
    handlers.changes("createDispatchCall", this::createDispatchCall)
        .changes("createCustomDispatchCall", this::createCustomDispatchCall)
        .changes("updateDispatchCall", this::updateDispatchCall)
        .changes("attachUnits", this::attachUnits)
        .changes("detachUnits", this::detachUnits)
        .changes("updateCallPostal", this::updateCallPostal)
        .changes("updateCallPrimary", this::updateCallPrimary)
        .changes("addCallNote", this::addCallNote)
        .changes("closeDispatchCalls", this::closeDispatchCalls)
        .changes("create911Call", this::create911Call)
        .changes("remove911Call", this::remove911Call)
        .reads("getCalls", this::getCalls)
        .reads("getCurrentCall", this::getCurrentCall);
  }

  private JsonNode createDispatchCall(OperationRequest request) {
    ObjectNode call = newCall(request);
    CALL_FIELDS.forEach(name -> copy(request.body(), call, name));
    call.set("notes", request.body().has("notes") ? request.body().get("notes") : NODES.arrayNode());
    return attach(call, units.resolve(request.body())).deepCopy();
  }

  private JsonNode createCustomDispatchCall(OperationRequest request) {
    ObjectNode call = newCall(request);
    call.put("status", CallStatus.ACTIVE.value());
    copy(request.body(), call, "values");
    copy(request.body(), call, "metaData");
    call.set("notes", request.body().has("notes") ? request.body().get("notes") : NODES.arrayNode());
    return attach(call, units.resolve(request.body())).deepCopy();
  }

  private JsonNode updateDispatchCall(OperationRequest request) {
    ObjectNode call = activeCall(request);
    CALL_FIELDS.forEach(name -> copy(request.body(), call, name));
    return touch(call).deepCopy();
  }

  private JsonNode attachUnits(OperationRequest request) {
    ObjectNode call = activeCall(request);
    Set<Integer> reached = units.resolve(request.body());
    attach(call, reached);
    ObjectNode response = NODES.objectNode().put("callId", call.get("callId").asInt());
    reached.forEach(response.putArray("identIds")::add);
    return response;
  }

  private JsonNode detachUnits(OperationRequest request) {
    Set<Integer> reached = units.resolve(request.body());
    Set<Integer> detached = new LinkedHashSet<>();
    for (ObjectNode call : server(request).active.values()) {
      ArrayNode idents = (ArrayNode) call.get("idents");
      for (int i = idents.size() - 1; i >= 0; i--) {
        if (reached.contains(idents.get(i).asInt())) {
          detached.add(idents.remove(i).asInt());
        }
      }
      if (call.hasNonNull("primary") && reached.contains(call.get("primary").asInt())) {
        call.set("primary", idents.isEmpty() ? NODES.nullNode() : idents.get(0));
      }
      touch(call);
    }
    ObjectNode response = NODES.objectNode();
    detached.forEach(response.putArray("identIds")::add);
    return response;
  }

  private JsonNode updateCallPostal(OperationRequest request) {
    ObjectNode call = activeCall(request);
    call.set("postal", request.body().get("postal"));
    touch(call);
    return NODES.objectNode().put("callId", call.get("callId").asInt()).put("postal", call.get("postal").asText());
  }

  private JsonNode updateCallPrimary(OperationRequest request) {
    ObjectNode call = activeCall(request);
    int identId = request.body().get("identId").asInt();
    if (!units.exists(identId)) {
      throw SandboxProblem.notFound("Identifier " + identId + " does not exist.");
    }
    attach(call, Set.of(identId));
    call.put("primary", identId);
    copy(request.body(), call, "trackPrimary");
    touch(call);
    return NODES.objectNode().put("callId", call.get("callId").asInt()).put("identId", identId)
        .put("trackPrimary", call.path("trackPrimary").asBoolean(false));
  }

  private JsonNode addCallNote(OperationRequest request) {
    ObjectNode call = activeCall(request);
    JsonNode body = request.body();
    ((ArrayNode) call.get("notes")).addObject()
        .put("time", clock.instant().toString())
        .put("label", body.path("label").asText("Sandbox"))
        .put("type", body.path("noteType").asText("text"))
        .put("content", body.get("note").asText());
    touch(call);
    return NODES.objectNode().put("callId", call.get("callId").asInt()).put("note", body.get("note").asText());
  }

  private JsonNode closeDispatchCalls(OperationRequest request) {
    ServerCalls calls = server(request);
    ObjectNode response = NODES.objectNode();
    ArrayNode closedIds = response.putArray("callIds");
    for (JsonNode callId : request.body().get("callIds")) {
      ObjectNode call = calls.active.remove(callId.asInt());
      if (call != null) {
        call.put("status", CallStatus.CLOSED.value());
        calls.closed.add(0, touch(call));
        closedIds.add(callId.asInt());
      }
    }
    return response;
  }

  private JsonNode create911Call(OperationRequest request) {
    ObjectNode call = NODES.objectNode().put("callId", ++last911CallId);
    for (String name : List.of("isEmergency", "caller", "location", "description", "metaData")) {
      copy(request.body(), call, name);
    }
    server(request).emergency.put(last911CallId, touch(call));
    return call.deepCopy();
  }

  private JsonNode remove911Call(OperationRequest request) {
    int callId = request.pathInt("callId");
    if (server(request).emergency.remove(callId) == null) {
      throw SandboxProblem.notFound("911 call " + callId + " does not exist on server " + request.serverId() + ".");
    }
    return NODES.objectNode().put("callId", callId).put("serverId", request.serverId());
  }

  private JsonNode getCalls(OperationRequest request) {
    ServerCalls calls = server(request);
    int type = request.queryInt("type", CallTableType.SEARCH_ALL.value());
    boolean dispatch = type != CallTableType.EMERGENCY_CALL.value();
    boolean emergency = type != CallTableType.DISPATCH_CALL.value();
    ObjectNode response = NODES.objectNode();
    ArrayNode active = response.putArray("ActiveCalls");
    ArrayNode emergencyCalls = response.putArray("EmergencyCalls");
    ArrayNode closed = response.putArray("ClosedCalls");
    if (dispatch) {
      calls.active.values().forEach(call -> active.add(call.deepCopy()));
      calls.closed.stream().skip(request.queryInt("closedOffset", 0)).limit(request.queryInt("closedLimit", 10))
          .forEach(call -> closed.add(call.deepCopy()));
    }
    if (emergency) {
      calls.emergency.values().forEach(call -> emergencyCalls.add(call.deepCopy()));
    }
    response.put("ClosedCallCount", dispatch ? calls.closed.size() : 0);
    return response;
  }

  /** The first of the account's identifiers attached to an active call, on any server, with that call. */
  private JsonNode getCurrentCall(OperationRequest request) {
    UUID account = request.pathUuid("accountUuid");
    for (int identId : units.identIdsOf(account)) {
      for (ServerCalls calls : servers.values()) {
        for (ObjectNode call : calls.active.values()) {
          for (JsonNode attached : call.get("idents")) {
            if (attached.asInt() == identId) {
              return NODES.objectNode().put("IdentId", identId).put("CallId", call.get("callId").asInt());
            }
          }
        }
      }
    }
    return NODES.objectNode();
  }

  private ObjectNode newCall(OperationRequest request) {
    ObjectNode call = NODES.objectNode().put("callId", ++lastCallId);
    call.putArray("idents");
    call.putNull("primary");
    call.put("trackPrimary", false);
    server(request).active.put(lastCallId, call);
    return call;
  }

  private ObjectNode attach(ObjectNode call, Set<Integer> identIds) {
    ArrayNode idents = (ArrayNode) call.get("idents");
    Set<Integer> present = new LinkedHashSet<>();
    idents.forEach(ident -> present.add(ident.asInt()));
    identIds.stream().filter(present::add).forEach(idents::add);
    if (call.get("primary").isNull() && !idents.isEmpty()) {
      call.set("primary", idents.get(0));
    }
    return touch(call);
  }

  private ObjectNode activeCall(OperationRequest request) {
    int callId = request.pathInt("callId");
    ObjectNode call = server(request).active.get(callId);
    if (call == null) {
      throw SandboxProblem.notFound("No active dispatch call " + callId + " on server " + request.serverId() + ".");
    }
    return call;
  }

  private ServerCalls server(OperationRequest request) {
    return servers.computeIfAbsent(request.serverId(), id -> new ServerCalls());
  }

  private ObjectNode touch(ObjectNode call) {
    call.put("updated", clock.instant().toString());
    return call;
  }

  private static void copy(JsonNode from, ObjectNode to, String name) {
    if (from.has(name)) {
      to.set(name, from.get(name));
    }
  }
}
