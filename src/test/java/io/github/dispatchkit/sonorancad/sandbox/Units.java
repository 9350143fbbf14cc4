package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Identifiers (units) of the accounts: create, update, delete, select, group, status, panic, locations and kicks.
 *
 * <p>Identifier IDs are assigned 1, 2, 3... in creation order; omitted Create Identifier properties take
 * the spec's defaults. An identifier is active unless its status is OFFLINE (a kick sets it); every
 * identifier of an account counts, so a target that resolves to an account reaches all of them.
 * Identifiers are the community's, not one server's: every configured server lists the same units.
 * Kick Unit forces one unit of each target offline, the account's selected identifier when it is
 * active, else its first active one; a single-object request is answered {@code {identId, reason}}
 * (404 when the target has no active unit), an array {@code {count, kicked}}, as the page shows.
 * Guarded by the {@link SandboxState} lock.
 */
final class Units {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int OFFLINE = UnitStatus.OFFLINE.value();
  private static final List<String> DATA = List.of("unitNum", "name", "district", "department", "subdivision",
      "rank", "group", "page");

  private final Community community;
  private final ObjectNode createDefaults;
  private final Map<Integer, ObjectNode> identifiers = new TreeMap<>();
  private final Map<UUID, Integer> selected = new HashMap<>();
  private int lastIdentId;

  Units(Community community, ObjectNode createDefaults) {
    this.community = community;
    this.createDefaults = createDefaults;
  }

  void register(OperationHandlers handlers) {
    handlers.changes("createIdentifier", this::createIdentifier)
        .reads("getIdentifiers", this::getIdentifiers)
        .changes("updateIdentifier", this::updateIdentifier)
        .changes("deleteIdentifier", this::deleteIdentifier)
        .changes("setSelectedIdentifier", this::setSelectedIdentifier)
        .changes("setIdentifierGroup", this::setIdentifierGroup)
        .changes("setUnitStatus", this::setUnitStatus)
        .changes("setUnitPanic", this::setUnitPanic)
        .changes("updateUnitLocations", this::updateUnitLocations)
        .changes("kickUnit", this::kickUnit)
        .reads("getActiveUnits", this::getActiveUnits)
        .reads("getAccountUnits", this::getAccountUnits);
  }

  /** Returns the identifier as the public snapshot type, or empty. */
  Optional<SandboxIdentifier> snapshot(int identId) {
    ObjectNode unit = identifiers.get(identId);
    if (unit == null) {
      return Optional.empty();
    }
    JsonNode data = unit.get("data");
    return Optional.of(new SandboxIdentifier(identId, UUID.fromString(unit.get("accId").asText()),
        unit.get("status").asInt(), unit.get("aop").asText(), data.get("unitNum").asText(), data.get("name").asText(),
        data.get("district").asText(), data.get("department").asText(), data.get("subdivision").asText(),
        data.get("rank").asText(), data.get("group").asText(), data.get("page").asInt(),
        unit.get("isDispatch").asBoolean()));
  }

  boolean exists(int identId) {
    return identifiers.containsKey(identId);
  }

  /** Returns the identifiers the targets reach: {@code identIds}, a {@code groupName}, and every identifier of the accounts. */
  Set<Integer> resolve(JsonNode targets) {
    Set<Integer> resolved = new LinkedHashSet<>();
    targets.path("identIds").forEach(id -> {
      if (identifiers.containsKey(id.asInt())) {
        resolved.add(id.asInt());
      }
    });
    Set<UUID> accounts = community.resolve(targets);
    String group = targets.hasNonNull("groupName") ? targets.get("groupName").asText() : null;
    identifiers.forEach((identId, unit) -> {
      if (accounts.contains(UUID.fromString(unit.get("accId").asText()))
          || (group != null && group.equals(unit.get("data").get("group").asText()))) {
        resolved.add(identId);
      }
    });
    return resolved;
  }

  /** Returns the account's identifier IDs, in creation order. */
  List<Integer> identIdsOf(UUID accountUuid) {
    return identifiers.entrySet().stream()
        .filter(entry -> entry.getValue().get("accId").asText().equals(accountUuid.toString()))
        .map(Map.Entry::getKey).toList();
  }

  private JsonNode createIdentifier(OperationRequest request) {
    UUID account = request.pathUuid("accountUuid");
    community.account(account);
    ObjectNode properties = createDefaults.deepCopy();
    request.body().properties().forEach(field -> properties.set(field.getKey(), field.getValue()));
    int identId = ++lastIdentId;
    ObjectNode unit = NODES.objectNode().put("id", identId).put("accId", account.toString());
    unit.set("status", properties.get("status"));
    unit.put("isPanic", false);
    unit.set("aop", properties.get("aop"));
    ObjectNode data = unit.putObject("data");
    DATA.forEach(name -> data.set(name, properties.get(name)));
    unit.set("isDispatch", properties.get("isDispatch"));
    identifiers.put(identId, unit);
    return NODES.objectNode().put("identId", identId);
  }

  private JsonNode getIdentifiers(OperationRequest request) {
    UUID account = request.pathUuid("accountUuid");
    ObjectNode response = NODES.objectNode();
    if (selected.containsKey(account)) {
      response.put("SelectedIdent", selected.get(account));
    }
    ArrayNode list = response.putArray("Identifiers");
    identIdsOf(account).forEach(identId -> list.add(view(identId)));
    return response;
  }

  private JsonNode updateIdentifier(OperationRequest request) {
    int identId = owned(request.pathUuid("accountUuid"), request.pathInt("identId"));
    ObjectNode unit = identifiers.get(identId);
    request.body().properties().forEach(field -> {
      if (DATA.contains(field.getKey())) {
        ((ObjectNode) unit.get("data")).set(field.getKey(), field.getValue());
      } else if (List.of("status", "aop", "isDispatch").contains(field.getKey())) {
        unit.set(field.getKey(), field.getValue());
      }
    });
    ObjectNode response = NODES.objectNode().put("identId", identId);
    response.set("identifier", view(identId));
    return response;
  }

  private JsonNode deleteIdentifier(OperationRequest request) {
    UUID account = request.pathUuid("accountUuid");
    int identId = owned(account, request.pathInt("identId"));
    identifiers.remove(identId);
    selected.remove(account, identId);
    return NODES.objectNode().put("identId", identId);
  }

  private JsonNode setSelectedIdentifier(OperationRequest request) {
    UUID account = request.pathUuid("accountUuid");
    int identId = owned(account, request.body().get("identId").asInt());
    selected.put(account, identId);
    ObjectNode response = NODES.objectNode().put("isDispatch", identifiers.get(identId).get("isDispatch").asBoolean());
    response.set("identifier", view(identId));
    return response;
  }

  private JsonNode setIdentifierGroup(OperationRequest request) {
    String group = request.path("groupName");
    resolve(request.body()).forEach(identId -> ((ObjectNode) identifiers.get(identId).get("data")).put("group", group));
    return NODES.objectNode().put("ok", true);
  }

  private JsonNode setUnitStatus(OperationRequest request) {
    int status = request.body().get("status").asInt();
    Set<Integer> reached = resolve(request.body());
    reached.forEach(identId -> identifiers.get(identId).put("status", status));
    return NODES.objectNode().put("updated", reached.size())
        .put("status", UnitStatus.of(status).name().orElse(Integer.toString(status)));
  }

  private JsonNode setUnitPanic(OperationRequest request) {
    boolean panic = request.body().get("isPanic").asBoolean();
    Set<Integer> reached = resolve(request.body());
    reached.forEach(identId -> identifiers.get(identId).put("isPanic", panic));
    return NODES.objectNode().put("updated", reached.size()).put("isPanic", panic);
  }

  private JsonNode updateUnitLocations(OperationRequest request) {
    Set<Integer> updated = new LinkedHashSet<>();
    for (JsonNode update : request.body().get("updates")) {
      for (int identId : resolve(update)) {
        ObjectNode unit = identifiers.get(identId);
        if (update.has("location")) {
          unit.set("location", update.get("location"));
        }
        if (update.has("coordinates")) {
          unit.set("coordinates", update.get("coordinates"));
        }
        updated.add(identId);
      }
    }
    return NODES.objectNode().put("updated", updated.size());
  }

  private JsonNode kickUnit(OperationRequest request) {
    JsonNode body = request.body();
    Iterable<JsonNode> targets = body.isArray() ? body : List.of(body);
    ArrayNode kicked = NODES.arrayNode();
    for (JsonNode target : targets) {
      for (UUID account : community.resolve(target)) {
        List<Integer> active = activeIdentIdsOf(account);
        if (active.isEmpty()) {
          continue;
        }
        int identId = active.contains(selected.get(account)) ? selected.get(account) : active.get(0);
        identifiers.get(identId).put("status", OFFLINE);
        ObjectNode entry = kicked.addObject().put("identId", identId);
        community.communityUserId(account).ifPresent(id -> entry.put("communityUserId", id));
        entry.set("reason", target.get("reason"));
      }
    }
    if (!body.isArray()) {
      if (kicked.isEmpty()) {
        throw SandboxProblem.notFound("No active unit matches the target.");
      }
      return NODES.objectNode().put("identId", kicked.get(0).get("identId").asInt()).set("reason", body.get("reason"));
    }
    ObjectNode response = NODES.objectNode().put("count", kicked.size());
    response.set("kicked", kicked);
    return response;
  }

  /** Returns the account's identifiers that are not OFFLINE, in creation order. */
  List<Integer> activeIdentIdsOf(UUID accountUuid) {
    return identIdsOf(accountUuid).stream().filter(this::online).toList();
  }

  /** Returns the identifiers as {@link SonoranCadSandbox#state} shows them, with each account's selected one. */
  ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    ArrayNode list = snapshot.putArray("identifiers");
    identifiers.keySet().forEach(identId -> list.add(view(identId)));
    ObjectNode selections = snapshot.putObject("selectedIdentifiers");
    selected.forEach((account, identId) -> selections.put(account.toString(), identId));
    return snapshot;
  }

  private JsonNode getActiveUnits(OperationRequest request) {
    boolean includeOffline = request.queryBoolean("includeOffline", false);
    return page(request, identifiers.keySet().stream(), identId -> includeOffline || online(identId));
  }

  private JsonNode getAccountUnits(OperationRequest request) {
    boolean onlyOnline = request.queryBoolean("onlyOnline", true);
    ObjectNode response = NODES.objectNode();
    response.set("Units", page(request, identIdsOf(request.pathUuid("accountUuid")).stream(),
        identId -> !onlyOnline || online(identId)));
    return response;
  }

  private ArrayNode page(OperationRequest request, Stream<Integer> identIds, Predicate<Integer> filter) {
    boolean onlyUnits = request.queryBoolean("onlyUnits", true);
    ArrayNode page = NODES.arrayNode();
    identIds.filter(filter)
        .filter(identId -> !onlyUnits || !identifiers.get(identId).get("isDispatch").asBoolean())
        .skip(request.queryInt("offset", 0))
        .limit(request.queryInt("limit", 100))
        .forEach(identId -> page.add(view(identId)));
    return page;
  }

  private boolean online(int identId) {
    return identifiers.get(identId).get("status").asInt() != OFFLINE;
  }

  /** The Unit as the API returns it: a copy, with the account's community user ID in {@code data}. */
  private ObjectNode view(int identId) {
    ObjectNode unit = identifiers.get(identId).deepCopy();
    community.communityUserId(UUID.fromString(unit.get("accId").asText()))
        .ifPresent(id -> ((ObjectNode) unit.get("data")).put("communityUserId", id));
    return unit;
  }

  private int owned(UUID account, int identId) {
    ObjectNode unit = identifiers.get(identId);
    if (unit == null || !unit.get("accId").asText().equals(account.toString())) {
      throw SandboxProblem.notFound("Identifier " + identId + " does not exist for account " + account + ".");
    }
    return identId;
  }
}
