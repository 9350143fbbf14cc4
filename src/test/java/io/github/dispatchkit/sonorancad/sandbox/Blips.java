package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Map blips of each server: create, list, update and delete. Blip IDs are 1, 2, 3... across servers.
 *
 * <p>Guarded by the {@link SandboxState} lock.
 */
final class Blips {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<Integer, Map<Integer, ObjectNode>> byServer = new HashMap<>();
  private int lastBlipId;

  void register(OperationHandlers handlers) {
    handlers.changes("createBlip", this::createBlip)
        .reads("getBlips", this::getBlips)
        .changes("updateBlip", this::updateBlip)
        .changes("deleteBlips", this::deleteBlips);
  }

  private JsonNode createBlip(OperationRequest request) {
    ObjectNode blip = NODES.objectNode().put("id", ++lastBlipId);
    blip.setAll((ObjectNode) request.body());
    blips(request).put(lastBlipId, blip);
    return blip.deepCopy();
  }

  private JsonNode getBlips(OperationRequest request) {
    ArrayNode list = NODES.arrayNode();
    blips(request).values().forEach(blip -> list.add(blip.deepCopy()));
    return list;
  }

  private JsonNode updateBlip(OperationRequest request) {
    int blipId = request.pathInt("blipId");
    ObjectNode blip = blips(request).get(blipId);
    if (blip == null) {
      throw SandboxProblem.notFound("Blip " + blipId + " does not exist on server " + request.serverId() + ".");
    }
    blip.setAll((ObjectNode) request.body());
    return NODES.objectNode().put("id", blipId);
  }

  private JsonNode deleteBlips(OperationRequest request) {
    ObjectNode response = NODES.objectNode();
    ArrayNode deleted = response.putArray("ids");
    request.body().get("ids").forEach(id -> {
      if (blips(request).remove(id.asInt()) != null) {
        deleted.add(id.asInt());
      }
    });
    return response;
  }

  private Map<Integer, ObjectNode> blips(OperationRequest request) {
    return byServer.computeIfAbsent(request.serverId(), id -> new TreeMap<>());
  }
}
