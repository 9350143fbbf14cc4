package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.dispatchkit.sonorancad.generated.model.RecordType;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Civilian characters (the CHARACTER records an account owns, see {@link Records}), the selected one, and character links.
 *
 * <p>Guarded by the {@link SandboxState} lock.
 */
final class Characters {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int CHARACTER = RecordType.CHARACTER.value();

  private final Community community;
  private final Records records;
  private final Map<UUID, String> selected = new HashMap<>();
  private final Map<UUID, Set<String>> links = new HashMap<>();

  Characters(Community community, Records records) {
    this.community = community;
    this.records = records;
  }

  void register(OperationHandlers handlers) {
    handlers.reads("getCharacters", this::getCharacters)
        .changes("deleteCharacter", this::deleteCharacter)
        .changes("setSelectedCharacter", this::setSelectedCharacter)
        .reads("getCharacterLinks", this::getCharacterLinks)
        .changes("addCharacterLink", request -> link(request, true))
        .changes("removeCharacterLink", request -> link(request, false));
  }

  private JsonNode getCharacters(OperationRequest request) {
    ArrayNode list = NODES.arrayNode();
    records.ownedBy(community.resolveOne(request.query()), CHARACTER).forEach(list::add);
    return list;
  }

  private JsonNode deleteCharacter(OperationRequest request) {
    int characterId = request.pathInt("characterId");
    if (!records.remove(characterId, CHARACTER)) {
      throw SandboxProblem.notFound("Character " + characterId + " does not exist.");
    }
    return NODES.objectNode().put("characterId", characterId);
  }

  private JsonNode setSelectedCharacter(OperationRequest request) {
    UUID account = community.resolveOne(request.body());
    String characterId = request.body().get("characterId").asText();
    selected.put(account, characterId);
    return NODES.objectNode().put("accountUuid", account.toString()).put("characterId", characterId);
  }

  private JsonNode getCharacterLinks(OperationRequest request) {
    ArrayNode list = NODES.arrayNode();
    links.getOrDefault(community.resolveOne(request.query()), Set.of()).forEach(list::add);
    return list;
  }

  private JsonNode link(OperationRequest request, boolean add) {
    UUID account = community.resolveOne(request.body());
    String syncId = request.path("syncId");
    Set<String> linked = links.computeIfAbsent(account, uuid -> new LinkedHashSet<>());
    if (add) {
      linked.add(syncId);
    } else {
      linked.remove(syncId);
    }
    return NODES.objectNode().put("accountUuid", account.toString()).put("syncId", syncId)
        .put("action", add ? "ADD" : "REMOVE");
  }
}
