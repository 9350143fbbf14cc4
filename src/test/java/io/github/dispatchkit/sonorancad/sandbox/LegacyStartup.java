package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The two v1 calls Sonoran's official Node SDK (Sonoran.js) makes when a CAD instance is created.
 *
 * <p>The SDK posts {@code {id, key, type, data, product}} without an Authorization header to
 * {@code /general/get_version}, reads the answer as text (the real v1 API answers it with a plain-text
 * body) and keeps its leading digits as the plan version; at version 2 and above it then posts
 * {@code /general/get_servers} and reads {@code servers} from the JSON. A 404, or any error body, makes
 * the SDK's start-up promise reject unhandled and ends a Node process. The sandbox answers both: the
 * plan version of the spec's documented Get Version answer, as text, and the servers Get Servers
 * returns. The key travels in the body on v1, so it is checked there (401, plain text, otherwise).
 * No other v1 call is served: the sandbox is a v2 server.
 */
final class LegacyStartup {

  static final String VERSION_PATH = "/general/get_version";
  static final String SERVERS_PATH = "/general/get_servers";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final String apiKey;
  private final String version;
  private final Supplier<String> servers;

  /**
   * Creates the start-up answers.
   *
   * @param apiKey the key the body's {@code key} must carry
   * @param version the plan version to answer, such as {@code 2}
   * @param servers the Get Servers JSON body, {@code {"servers":[...]}}, read at each call
   */
  LegacyStartup(String apiKey, int version, Supplier<String> servers) {
    this.apiKey = apiKey;
    this.version = Integer.toString(version);
    this.servers = servers;
  }

  /** Returns the answer to a v1 start-up call, or empty when {@code path} is not one of them. */
  Optional<Answer> answer(String method, String path, JsonNode body) {
    if (!path.equals(VERSION_PATH) && !path.equals(SERVERS_PATH)) {
      return Optional.empty();
    }
    if (!method.equals("POST")) {
      return Optional.of(new Answer(405, TEXT, "Use POST.", Map.of("Allow", "POST")));
    }
    if (body == null || !body.path("key").isTextual() || !body.path("key").textValue().equals(apiKey)) {
      return Optional.of(new Answer(401, TEXT, "INVALID API KEY", Map.of()));
    }
    return Optional.of(path.equals(VERSION_PATH)
        ? new Answer(200, TEXT, version, Map.of())
        : Answer.json(servers.get()));
  }
}
