package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dispatchkit.sonorancad.generated.model.RecordType;
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
 * Record templates, records and drafts, with the three lookups that find records.
 *
 * <p>The templates are the spec's documented Get Templates answer (seed data) and one for each built-in
 * family the Create Record page gives a fixed ID (2 Warrant, 3 BOLO, 4 License, 5 Vehicle Registration,
 * 7 Character: {@code recordTypeId} and {@code type} both that ID). Create Record stores the given raw
 * {@code record}, or the template of {@code recordTypeId} (404 for an unknown one) with
 * {@code replaceValues} filled in: a key (with or without {@code {{ }}}) sets the field of that
 * {@code uid}, or adds a field to the last section when the template has none. Record IDs are
 * 1, 2, 3...; a record created for a target belongs to that account (civilian characters are the
 * records of type CHARACTER an account owns, by either form). Send Draft builds a record the same way
 * without storing it as a record, keeping it as the target account's draft. Lookups match
 * case-insensitively, exactly or, with {@code partial}, by substring, against the record's name and
 * field values; {@code types} keeps only those record type IDs. Guarded by the {@link SandboxState} lock.
 */
final class Records {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Community community;
  private final Map<Integer, ObjectNode> templates = new TreeMap<>();
  private final Map<Integer, ObjectNode> records = new TreeMap<>();
  private final Map<Integer, UUID> owners = new HashMap<>();
  private final Map<UUID, List<ObjectNode>> drafts = new HashMap<>();
  private int lastRecordId;

  /**
   * Creates the records.
   *
   * @param documentedTemplates the documented Get Templates answer, the community's own templates
   */
  Records(Community community, JsonNode documentedTemplates) {
    this.community = community;
    documentedTemplates.forEach(template -> templates.put(template.get("recordTypeId").asInt(), (ObjectNode) template));
    for (RecordType family : List.of(RecordType.WARRANT, RecordType.BOLO, RecordType.LICENSE,
        RecordType.VEHICLE_REGISTRATION, RecordType.CHARACTER)) {
      ObjectNode template = NODES.objectNode().put("recordTypeId", family.value()).put("id", 0)
          .put("name", title(family.name().orElseThrow())).put("type", family.value());
      template.putArray("sections").addObject().put("category", 0).put("label", "Details").putArray("fields");
      templates.putIfAbsent(family.value(), template);
    }
  }

  void register(OperationHandlers handlers) {
    handlers.reads("getTemplates", request -> {
          ArrayNode list = NODES.arrayNode();
          templates.values().forEach(template -> list.add(template.deepCopy()));
          return list;
        })
        .reads("getTemplate", request -> template(request.pathInt("recordTypeId")).deepCopy())
        .changes("sendDraft", this::sendDraft)
        .changes("createRecord", this::createRecord)
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

  /** Returns the records and drafts as {@link SonoranCadSandbox#state} shows them. */
  ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    ArrayNode list = snapshot.putArray("records");
    records.forEach((id, record) -> {
      ObjectNode copy = record.deepCopy();
      Optional.ofNullable(owners.get(id)).ifPresent(owner -> copy.put("ownerAccountUuid", owner.toString()));
      list.add(copy);
    });
    ObjectNode byAccount = snapshot.putObject("drafts");
    drafts.forEach((account, sent) -> {
      ArrayNode accountDrafts = byAccount.putArray(account.toString());
      sent.forEach(draft -> accountDrafts.add(draft.deepCopy()));
    });
    return snapshot;
  }

  private ObjectNode template(int recordTypeId) {
    ObjectNode template = templates.get(recordTypeId);
    if (template == null) {
      throw SandboxProblem.notFound("No record template has recordTypeId " + recordTypeId + ".");
    }
    return template;
  }

  /** A record from the template of the body's {@code recordTypeId} with its {@code replaceValues} filled in. */
  private ObjectNode fromTemplate(JsonNode body) {
    ObjectNode record = template(body.get("recordTypeId").asInt()).deepCopy();
    fill(record, body.path("replaceValues"));
    return record;
  }

  private JsonNode sendDraft(OperationRequest request) {
    ObjectNode draft = fromTemplate(request.body());
    community.resolve(request.body()).stream().findFirst()
        .ifPresent(account -> drafts.computeIfAbsent(account, key -> new ArrayList<>()).add(draft.deepCopy()));
    return draft;
  }

  private JsonNode createRecord(OperationRequest request) {
    JsonNode body = request.body();
    ObjectNode record = body.has("record") ? body.get("record").deepCopy() : fromTemplate(body);
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
    Map<String, ObjectNode> fields = new HashMap<>();
    record.path("sections").forEach(section -> section.path("fields")
        .forEach(field -> fields.put(field.path("uid").asText(), (ObjectNode) field)));
    replaceValues.properties().forEach(entry -> {
      String uid = entry.getKey().replaceAll("^\\{\\{(.*)}}$", "$1");
      ObjectNode field = fields.get(uid);
      if (field == null) {
        if (!(record.get("sections") instanceof ArrayNode sections)) {
          return;
        }
        if (sections.isEmpty()) {
          sections.addObject().put("category", 0).put("label", "Details").putArray("fields");
        }
        field = ((ArrayNode) sections.get(sections.size() - 1).get("fields")).addObject().put("label", uid).put("uid", uid);
        fields.put(uid, field);
      }
      field.put("value", entry.getValue().asText());
    });
  }

  /** {@code VEHICLE_REGISTRATION} to {@code Vehicle Registration}. */
  private static String title(String constant) {
    StringBuilder title = new StringBuilder();
    for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
      title.append(title.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return constant.equals("BOLO") ? "BOLO" : title.toString();
  }
}
