package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Records, with the three lookups that find them.
 *
 * <p>Create Record stores the given {@code record}, or, given a {@code recordTypeId} and
 * {@code replaceValues}, the spec's documented template of Get Template with each field whose
 * {@code uid} is a key of {@code replaceValues} filled in. Record IDs are 1, 2, 3...; a record created
 * for a target belongs to that account (civilian characters are the records of type CHARACTER an
 * account owns). Lookups match case-insensitively, exactly or, with {@code partial}, by substring,
 * against the record's name and field values; {@code types} keeps only those record type IDs.
 * Guarded by the {@link SandboxState} lock.
 */
final class Records {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Community community;
  private final ObjectNode template;
  private final Map<Integer, ObjectNode> records = new TreeMap<>();
  private final Map<Integer, UUID> owners = new HashMap<>();
  private int lastRecordId;

  /**
   * Creates the records.
   *
   * @param template the documented Get Template answer, the shape of a record created from values
   */
  Records(Community community, ObjectNode template) {
    this.community = community;
    this.template = template;
  }

  void register(OperationHandlers handlers) {
    handlers.changes("createRecord", this::createRecord)
        .changes("updateRecord", this::updateRecord)
        .changes("deleteRecord", this::deleteRecord)
        .reads("lookupNameOrPlate", this::lookupNameOrPlate)
        .reads("lookupByValue", this::lookupByValue)
        .reads("lookupByCustomSearch", this::lookupByCustomSearch);
  }

  /** Returns the records of an account with the given record type (a RECORD_TYPE value), in creation order. */
  List<ObjectNode> ownedBy(UUID account, int type) {
    List<ObjectNode> owned = new ArrayList<>();
    records.forEach((id, record) -> {
      if (account.equals(owners.get(id)) && record.path("type").asInt() == type) {
        owned.add(record.deepCopy());
      }
    });
    return owned;
  }

  /** Removes a record of the given type; false when there is none. */
  boolean remove(int recordId, int type) {
    ObjectNode record = records.get(recordId);
    if (record == null || record.path("type").asInt() != type) {
      return false;
    }
    records.remove(recordId);
    owners.remove(recordId);
    return true;
  }

  private JsonNode createRecord(OperationRequest request) {
    JsonNode body = request.body();
    ObjectNode record = body.has("record") ? body.get("record").deepCopy() : template.deepCopy();
    if (body.has("recordTypeId")) {
      record.set("recordTypeId", body.get("recordTypeId"));
    }
    fill(record, body.path("replaceValues"));
    int id = ++lastRecordId;
    record.put("id", id);
    records.put(id, record);
    community.resolve(body).stream().findFirst().ifPresent(owner -> owners.put(id, owner));
    return record.deepCopy();
  }

  private JsonNode updateRecord(OperationRequest request) {
    int id = request.pathInt("recordId");
    ObjectNode record = records.get(id);
    if (record == null) {
      throw SandboxProblem.notFound("Record " + id + " does not exist.");
    }
    JsonNode body = request.body();
    if (body.has("record")) {
      record.removeAll();
      record.setAll((ObjectNode) body.get("record").deepCopy());
      record.put("id", id);
    }
    if (body.has("templateId")) {
      record.set("recordTypeId", body.get("templateId"));
    }
    fill(record, body.path("replaceValues"));
    return record.deepCopy();
  }

  private JsonNode deleteRecord(OperationRequest request) {
    int id = request.pathInt("recordId");
    if (records.remove(id) == null) {
      throw SandboxProblem.notFound("Record " + id + " does not exist.");
    }
    owners.remove(id);
    return NODES.objectNode().put("recordId", id);
  }

  private JsonNode lookupNameOrPlate(OperationRequest request) {
    JsonNode body = request.body();
    boolean partial = body.path("partial").asBoolean(false);
    List<String> wanted = new ArrayList<>();
    for (String name : List.of("first", "last", "plate")) {
      if (!body.path(name).asText("").isBlank()) {
        wanted.add(body.get(name).asText());
      }
    }
    return find(body, record -> wanted.stream().allMatch(value -> values(record, null).stream()
        .anyMatch(candidate -> matches(candidate, value, partial))));
  }

  private JsonNode lookupByValue(OperationRequest request) {
    String value = request.body().get("value").asText();
    return find(request.body(), record -> values(record, null).stream()
        .anyMatch(candidate -> matches(candidate, value, false)));
  }

  private JsonNode lookupByCustomSearch(OperationRequest request) {
    JsonNode body = request.body();
    String value = body.get("value").asText();
    boolean partial = body.path("partial").asBoolean(false);
    return find(body, record -> values(record, body.get("map").asText()).stream()
        .anyMatch(candidate -> matches(candidate, value, partial)));
  }

  private ArrayNode find(JsonNode body, Predicate<ObjectNode> match) {
    List<Integer> types = new ArrayList<>();
    body.path("types").forEach(type -> types.add(type.asInt()));
    ArrayNode found = NODES.arrayNode();
    records.values().stream()
        .filter(record -> types.isEmpty() || types.contains(record.path("recordTypeId").asInt()))
        .filter(match)
        .forEach(record -> found.add(record.deepCopy()));
    return found;
  }

  /** The record's name words and field values, or only the values of the fields with {@code uid} when given. */
  private static List<String> values(ObjectNode record, String uid) {
    List<String> values = new ArrayList<>();
    if (uid == null) {
      values.add(record.path("name").asText());
      values.addAll(List.of(record.path("name").asText().split("\\s+")));
    }
    record.path("sections").forEach(section -> section.path("fields").forEach(field -> {
      if (uid == null || uid.equals(field.path("uid").asText())) {
        values.add(field.path("value").asText());
      }
    }));
    return values;
  }

  private static boolean matches(String candidate, String wanted, boolean partial) {
    String a = candidate.toLowerCase(Locale.ROOT);
    String b = wanted.toLowerCase(Locale.ROOT);
    return partial ? !b.isEmpty() && a.contains(b) : a.equals(b);
  }

  private static void fill(ObjectNode record, JsonNode replaceValues) {
    if (!replaceValues.isObject()) {
      return;
    }
    record.path("sections").forEach(section -> section.path("fields").forEach(field -> {
      Optional.ofNullable(replaceValues.get(field.path("uid").asText()))
          .ifPresent(value -> ((ObjectNode) field).put("value", value.asText()));
    }));
  }
}
