package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Photos sent to accounts and bodycam recordings uploaded for them.
 *
 * <p>A photo is delivered to each active (not OFFLINE) identifier of the target account, standing for its
 * open CAD sessions: {@code delivered} counts them. A recording is stored with its form fields and the
 * file's name, type and size, under a URL of the reserved {@code .invalid} domain (nothing serves it),
 * {@code https://files.sandbox.invalid/bodycam/<accountUuid>/<n>.webm}. Guarded by the {@link SandboxState} lock.
 */
final class Media {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Community community;
  private final Units units;
  private final InstantSource clock;
  private final ArrayNode photos = NODES.arrayNode();
  private final ArrayNode recordings = NODES.arrayNode();

  Media(Community community, Units units, InstantSource clock) {
    this.community = community;
    this.units = units;
    this.clock = clock;
  }

  void register(OperationHandlers handlers) {
    handlers.changes("sendPhoto", this::sendPhoto)
        .changes("uploadBodycamRecording", this::uploadBodycamRecording);
  }

  /** Returns the photos and recordings as {@link SonoranCadSandbox#state} shows them. */
  ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    snapshot.set("photos", photos.deepCopy());
    snapshot.set("bodycamRecordings", recordings.deepCopy());
    return snapshot;
  }

  private JsonNode sendPhoto(OperationRequest request) {
    UUID account = community.resolveOne(request.body());
    int delivered = units.activeIdentIdsOf(account).size();
    photos.addObject().put("accountUuid", account.toString()).put("url", request.body().get("url").asText())
        .put("delivered", delivered).put("sentAt", clock.instant().toString());
    ObjectNode response = NODES.objectNode();
    community.communityUserId(account).ifPresent(id -> response.put("communityUserId", id));
    return response.put("delivered", delivered);
  }

  private JsonNode uploadBodycamRecording(OperationRequest request) {
    UUID account = community.resolveOne(request.body());
    String url = "https://files.sandbox.invalid/bodycam/" + account + "/" + (recordings.size() + 1) + ".webm";
    ObjectNode recording = recordings.addObject().put("url", url).put("accountUuid", account.toString());
    request.body().properties().forEach(field -> recording.set(field.getKey(), field.getValue().deepCopy()));
    recording.put("uploadedAt", clock.instant().toString());
    return NODES.arrayNode().add(url);
  }
}
