package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The community's servers and their heartbeats.
 *
 * <p>Each configured server ID starts as a copy of the spec's documented Get Servers entry under its own
 * ID (named {@code Server <id>} beyond the first). Set Servers replaces the list, which changes what
 * server IDs the sandbox accepts. Guarded by the {@link SandboxState} lock.
 */
final class Servers {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final InstantSource clock;
  private final Map<Integer, ObjectNode> servers = new TreeMap<>();

  /**
   * Creates the servers.
   *
   * @param serverIds the configured server IDs
   * @param documented the documented Get Servers answer, whose first server is the template
   */
  Servers(Set<Integer> serverIds, JsonNode documented, InstantSource clock) {
    this.clock = clock;
    JsonNode template = documented.get("servers").get(0);
    for (int serverId : serverIds) {
      ObjectNode server = template.deepCopy();
      server.put("id", serverId);
      if (serverId != template.get("id").asInt()) {
        server.put("name", "Server " + serverId);
      }
      servers.put(serverId, server);
    }
  }

  void register(OperationHandlers handlers) {
    handlers.reads("getServers", request -> list())
        .changes("setServers", this::setServers)
        .changes("heartbeat", this::heartbeat);
  }

  boolean isConfigured(int serverId) {
    return servers.containsKey(serverId);
  }

  /** Returns {@code {"servers": [...]}}, the Get Servers answer. */
  ObjectNode list() {
    ObjectNode response = NODES.objectNode();
    ArrayNode list = response.putArray("servers");
    servers.values().forEach(server -> list.add(server.deepCopy()));
    return response;
  }

  private JsonNode setServers(OperationRequest request) {
    servers.clear();
    request.body().get("servers").forEach(server -> servers.put(server.get("id").asInt(), server.deepCopy()));
    return list();
  }

  private JsonNode heartbeat(OperationRequest request) {
    return NODES.objectNode().put("serverId", request.serverId())
        .put("playerCount", request.body().get("playerCount").asInt())
        .put("receivedAtUtc", clock.instant().toString());
  }
}
