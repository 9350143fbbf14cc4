package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A change a stateful handler made, as reported to {@link SonoranCadSandbox.Builder#onStateChange}.
 *
 * <p>Reported after the change, before the response is sent; never for a request that failed, nor
 * for operations that only read (lookups included). Carries no API key. The JSON trees are copies.
 *
 * @param operationId the spec operation, such as {@code createDispatchCall}
 * @param pathParameters the request's path parameters, such as {@code serverId}
 * @param request the request body, a missing node when there was none
 * @param response the response body
 */
public record SandboxStateChange(String operationId, Map<String, String> pathParameters, JsonNode request,
    JsonNode response) {

  public SandboxStateChange {
    pathParameters = Map.copyOf(pathParameters);
  }
}
