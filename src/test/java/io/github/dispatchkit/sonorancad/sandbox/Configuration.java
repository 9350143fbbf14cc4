package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The community's configuration: per server the pager, callouts, stations and street signs; for the
 * community the penal codes, postals, dispatch templates, its public details and plan, and TURN credentials.
 *
 * <p>Each starts from the spec's documented answer of its Get operation (seed data) where there is one,
 * else empty; what a Set operation stores is what the Get operation (and {@link SonoranCadSandbox#state})
 * returns afterwards. A Set operation replaces what it names and keeps the rest. TURN credentials
 * follow the TURN REST scheme: the username is the expiry in epoch seconds and the user ID (colons
 * made underscores), the credential its HMAC-SHA1 under a sandbox secret. Guarded by the
 * {@link SandboxState} lock.
 */
final class Configuration {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> PAGER = List.of("natureWords", "maxAddresses", "maxBodyLength", "nodes");
  private static final List<String> STATIONS = List.of("locations", "tones", "unitColors");
  private static final List<String> SIGN_TEXTS = List.of("text1", "text2", "text3");
  private static final byte[] TURN_SECRET = "sonoran-cad-sandbox-turn".getBytes(StandardCharsets.UTF_8);

  /** The configuration of one server. */
  private static final class ServerConfiguration {
    final ObjectNode pager;
    ArrayNode callouts = NODES.arrayNode();
    final ObjectNode stations = NODES.objectNode();
    final Map<Integer, ObjectNode> signs = new TreeMap<>();
    boolean streetSignsAuthorized;

    ServerConfiguration(ObjectNode pager) {
      this.pager = pager;
    }
  }

  private final InstantSource clock;
  private final Function<String, JsonNode> documented;
  private final Map<Integer, ServerConfiguration> servers = new HashMap<>();
  private ArrayNode penalCodes;
  private ArrayNode postals = NODES.arrayNode();
  private final ObjectNode info;
  private final ObjectNode version;
  private final ArrayNode dispatchTemplates;
  private final ObjectNode turn;

  /**
   * Creates the configuration.
   *
   * @param documented the documented success answer of an operation, by operation ID: the seed data
   */
  Configuration(Function<String, JsonNode> documented, InstantSource clock) {
    this.clock = clock;
    this.documented = documented;
    this.penalCodes = (ArrayNode) documented.apply("getPenalCodes");
    this.info = (ObjectNode) documented.apply("getInfo");
    // One community ID for the whole sandbox, its hub's included, where the documented example has its own.
    ((ObjectNode) info.get("community")).put("comId", SonoranCadSandbox.COMMUNITY_ID);
    this.version = (ObjectNode) documented.apply("getVersion");
    this.dispatchTemplates = (ArrayNode) documented.apply("getDispatchTemplates");
    this.turn = (ObjectNode) documented.apply("getTurnCredentials");
  }

  void register(OperationHandlers handlers) {
    handlers.reads("getPagerConfig", request -> server(request).pager.deepCopy())
        .changes("setPagerConfig", this::setPagerConfig)
        .changes("setCallouts", this::setCallouts)
        .changes("setStations", this::setStations)
        .changes("setStreetSignConfig", this::setStreetSignConfig)
        .changes("updateStreetSigns", this::updateStreetSigns)
        .changes("authStreetSigns", this::authStreetSigns)
        .reads("getPenalCodes", request -> penalCodes.deepCopy())
        .changes("setPenalCodes", this::setPenalCodes)
        .changes("setPostalConfig", this::setPostalConfig)
        .reads("getInfo", request -> info.deepCopy())
        .reads("getLoginPage", this::getLoginPage)
        .reads("getVersion", request -> version.deepCopy())
        .reads("getTurnCredentials", this::getTurnCredentials)
        .reads("getDispatchTemplates", request -> dispatchTemplates.deepCopy())
        .reads("getDispatchTemplate", this::getDispatchTemplate);
  }

  /** Returns the configuration as {@link SonoranCadSandbox#state} shows it: community-wide, then per server. */
  ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    snapshot.set("penalCodes", penalCodes.deepCopy());
    snapshot.set("postals", postals.deepCopy());
    ObjectNode byServer = snapshot.putObject("servers");
    new TreeMap<>(servers).forEach((serverId, server) -> {
      ObjectNode node = byServer.putObject(serverId.toString());
      node.set("pager", server.pager.deepCopy());
      node.set("callouts", server.callouts.deepCopy());
      node.set("stations", server.stations.deepCopy());
      ArrayNode signs = node.putArray("streetSigns");
      server.signs.values().forEach(sign -> signs.add(sign.deepCopy()));
      node.put("streetSignsAuthorized", server.streetSignsAuthorized);
    });
    return snapshot;
  }

  private JsonNode setPagerConfig(OperationRequest request) {
    ServerConfiguration server = server(request);
    PAGER.forEach(name -> copy(request.body(), server.pager, name));
    return serverId(request);
  }

  private JsonNode setCallouts(OperationRequest request) {
    server(request).callouts = (ArrayNode) request.body().get("callouts").deepCopy();
    return serverId(request).put("callouts", server(request).callouts.size());
  }

  private JsonNode setStations(OperationRequest request) {
    STATIONS.forEach(name -> copy(request.body(), server(request).stations, name));
    return serverId(request);
  }

  private JsonNode setStreetSignConfig(OperationRequest request) {
    Map<Integer, ObjectNode> signs = server(request).signs;
    signs.clear();
    for (JsonNode given : request.body().get("signs")) {
      ObjectNode sign = given.deepCopy();
      int id = sign.hasNonNull("id") ? sign.get("id").asInt() : signs.keySet().stream().max(Integer::compare).orElse(0) + 1;
      signs.put(id, sign.put("id", id));
    }
    return serverId(request).put("signs", signs.size());
  }

  /** Sets the texts given on each sign sent, adding a sign for an ID not configured; answers the IDs sent. */
  private JsonNode updateStreetSigns(OperationRequest request) {
    Map<Integer, ObjectNode> signs = server(request).signs;
    Set<Integer> ids = new LinkedHashSet<>();
    request.body().get("ids").forEach(id -> ids.add(id.asInt()));
    ObjectNode response = NODES.objectNode();
    ArrayNode answered = response.putArray("ids");
    for (int id : ids) {
      ObjectNode sign = signs.computeIfAbsent(id, key -> NODES.objectNode().put("id", key));
      SIGN_TEXTS.forEach(name -> copy(request.body(), sign, name));
      answered.add(id);
    }
    return response;
  }

  private JsonNode authStreetSigns(OperationRequest request) {
    server(request).streetSignsAuthorized = true;
    return NODES.objectNode().put("authorized", true).put("serverId", request.serverId());
  }

  private JsonNode setPenalCodes(OperationRequest request) {
    penalCodes = (ArrayNode) request.body().get("codes").deepCopy();
    return NODES.objectNode().put("updated", penalCodes.size());
  }

  private JsonNode setPostalConfig(OperationRequest request) {
    postals = (ArrayNode) request.body().get("postals").deepCopy();
    return NODES.objectNode().put("updated", postals.size());
  }

  /** The community's public details when {@code communityId} or {@code url} names it; 404 otherwise. */
  private JsonNode getLoginPage(OperationRequest request) {
    JsonNode community = info.get("community");
    JsonNode query = request.query();
    if (query.hasNonNull("communityId") == query.hasNonNull("url")) {
      throw new SandboxProblem(400, "Give exactly one of the query parameters communityId and url.");
    }
    boolean match = query.hasNonNull("communityId")
        ? query.get("communityId").asText().equals(community.path("comId").asText())
        : query.get("url").asText().equals(community.path("customLoginUrl").asText());
    if (!match) {
      throw SandboxProblem.notFound("No community has this " + (query.hasNonNull("url") ? "URL" : "community ID") + ".");
    }
    return community.deepCopy();
  }

  private JsonNode getTurnCredentials(OperationRequest request) {
    int ttl = turn.path("ttl").asInt(600);
    String username = Long.toString(clock.instant().getEpochSecond() + ttl)
        + (request.query().hasNonNull("userId") ? ":" + request.query().get("userId").asText().replace(':', '_') : "");
    ObjectNode response = NODES.objectNode();
    ArrayNode iceServers = response.putArray("iceServers");
    for (JsonNode documentedServer : turn.path("iceServers")) {
      ObjectNode server = iceServers.addObject();
      server.set("urls", documentedServer.get("urls"));
      server.put("username", username).put("credential", hmac(username));
    }
    return response.put("ttl", ttl);
  }

  private JsonNode getDispatchTemplate(OperationRequest request) {
    int templateId = request.pathInt("templateId");
    for (JsonNode template : dispatchTemplates) {
      if (template.path("templateId").asInt() == templateId) {
        return template.deepCopy();
      }
    }
    throw SandboxProblem.notFound("Dispatch template " + templateId + " does not exist.");
  }

  private ServerConfiguration server(OperationRequest request) {
    return servers.computeIfAbsent(request.serverId(),
        id -> new ServerConfiguration((ObjectNode) documented.apply("getPagerConfig")));
  }

  private static ObjectNode serverId(OperationRequest request) {
    return NODES.objectNode().put("serverId", request.serverId());
  }

  private static String hmac(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(TURN_SECRET, "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String name) {
    if (from.has(name)) {
      to.set(name, from.get(name).deepCopy());
    }
  }
}
