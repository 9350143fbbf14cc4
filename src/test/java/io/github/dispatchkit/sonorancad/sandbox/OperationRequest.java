package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/**
 * A validated request as a stateful handler sees it.
 *
 * @param operationId the spec operation
 * @param pathParameters the path template's values, decoded
 * @param query the query parameters, each name with its first value as a JSON string
 * @param body the JSON body, or a missing node when there is none
 */
record OperationRequest(String operationId, Map<String, String> pathParameters, ObjectNode query, JsonNode body) {

  OperationRequest {
    pathParameters = Map.copyOf(pathParameters);
  }

  /** Returns the {@code serverId} path parameter. */
  int serverId() {
    return pathInt("serverId");
  }

  int pathInt(String name) {
    return Integer.parseInt(pathParameters.get(name));
  }

  UUID pathUuid(String name) {
    return UUID.fromString(pathParameters.get(name));
  }

  String path(String name) {
    return pathParameters.get(name);
  }

  /** Returns an integer query parameter, or {@code fallback} when it is absent. */
  int queryInt(String name, int fallback) {
    return query.hasNonNull(name) ? query.get(name).asInt() : fallback;
  }

  /** Returns a boolean query parameter, or {@code fallback} when it is absent. */
  boolean queryBoolean(String name, boolean fallback) {
    return query.hasNonNull(name) ? Boolean.parseBoolean(query.get(name).asText()) : fallback;
  }
}
