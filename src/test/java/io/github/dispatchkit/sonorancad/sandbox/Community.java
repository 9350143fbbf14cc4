package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts and the IDs linked to them: community user, Discord, Roblox and API IDs, link codes and
 * secrets, permissions, permission keys and bans.
 *
 * <p>An account exists once an ID is linked to it or it is named in a path (Create Identifier) or a
 * link; it starts VALIDATED, named {@code user-<first 8 hex digits>}, without permissions. Every
 * target property of the spec resolves here: {@code communityUserId(s)}, {@code discord},
 * {@code roblox}, {@code accountUuid}, {@code accounts} and {@code username}; an ID linked to nothing
 * resolves to nothing. An account's secret is the {@code secretUuid} Set Community Link was given
 * for it (what Verify Secret resolves); a permission key grants the permissions of the spec's
 * documented Apply Permission Key answer (seed data). Guarded by the {@link SandboxState} lock.
 */
final class Community {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int VALIDATED = 1;
  private static final int REMOVED = 3;
  private static final int BANNED = 4;
  private static final Pattern WORD = Pattern.compile("_([a-z])");

  private final InstantSource clock;
  private final Map<UUID, ObjectNode> accounts = new LinkedHashMap<>();
  private final Map<String, UUID> byCommunityUserId = new HashMap<>();
  private final Map<String, UUID> byDiscord = new HashMap<>();
  private final Map<Long, UUID> byRoblox = new HashMap<>();
  private final Map<String, UUID> bySecret = new HashMap<>();
  private final Map<String, UUID> byApiId = new LinkedHashMap<>();
  private final Map<UUID, List<String>> appliedKeys = new HashMap<>();
  private final ObjectNode keyPermissions;
  private int lastCode;

  /**
   * Creates the community.
   *
   * @param keyPermissions the permissions a permission key grants
   */
  Community(InstantSource clock, ObjectNode keyPermissions) {
    this.clock = clock;
    this.keyPermissions = keyPermissions;
  }

  void register(OperationHandlers handlers) {
    handlers.reads("getAccount", this::getAccount)
        .reads("getAccounts", this::getAccounts)
        .changes("modifyAccountPermissions", this::modifyAccountPermissions)
        .changes("kickOrBanUser", this::kickOrBanUser)
        .reads("checkCommunityLink", this::checkCommunityLink)
        .changes("createCommunityLink", this::createCommunityLink)
        .changes("setCommunityLink", this::setCommunityLink)
        .changes("applyPermissionKey", this::applyPermissionKey)
        .reads("verifySecret", this::verifySecret)
        .reads("checkApiId", this::checkApiId)
        .changes("setApiIds", this::setApiIds);
  }

  /** Returns the accounts as {@link SonoranCadSandbox#state} shows them, with their links, API IDs and applied keys. */
  ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    ArrayNode list = snapshot.putArray("accounts");
    accounts.forEach((uuid, account) -> {
      ObjectNode copy = account.deepCopy();
      ArrayNode discord = copy.putArray("discord");
      byDiscord.forEach((id, owner) -> add(discord, owner, uuid, id));
      ArrayNode roblox = copy.putArray("roblox");
      byRoblox.forEach((id, owner) -> add(roblox, owner, uuid, id.toString()));
      ArrayNode apiIds = copy.putArray("apiIds");
      byApiId.forEach((id, owner) -> add(apiIds, owner, uuid, id));
      ArrayNode keys = copy.putArray("appliedPermissionKeys");
      appliedKeys.getOrDefault(uuid, List.of()).forEach(keys::add);
      list.add(copy);
    });
    return snapshot;
  }

  private static void add(ArrayNode into, UUID owner, UUID account, String id) {
    if (owner.equals(account)) {
      into.add(id);
    }
  }

  void linkCommunityUser(String communityUserId, UUID accountUuid) {
    byCommunityUserId.put(communityUserId, accountUuid);
    account(accountUuid).put("communityUserId", communityUserId);
  }

  void linkDiscord(String discordId, UUID accountUuid) {
    byDiscord.put(discordId, accountUuid);
    account(accountUuid);
  }

  void linkRoblox(long robloxId, UUID accountUuid) {
    byRoblox.put(robloxId, accountUuid);
    account(accountUuid);
  }

  /** Returns the account, creating it on first use. */
  ObjectNode account(UUID accountUuid) {
    return accounts.computeIfAbsent(accountUuid, uuid -> {
      ObjectNode account = NODES.objectNode();
      account.put("uuid", uuid.toString());
      account.put("username", "user-" + uuid.toString().substring(0, 8));
      account.put("status", VALIDATED);
      account.put("joined", clock.instant().toString());
      account.put("lastLogin", clock.instant().toString());
      account.putObject("permissions");
      return account;
    });
  }

  /** Returns the community user ID linked to the account, if any. */
  Optional<String> communityUserId(UUID accountUuid) {
    ObjectNode account = accounts.get(accountUuid);
    return account == null || !account.hasNonNull("communityUserId")
        ? Optional.empty() : Optional.of(account.get("communityUserId").textValue());
  }

  /** Returns every account the target properties of {@code targets} (a body or the query) resolve to, in order. */
  Set<UUID> resolve(JsonNode targets) {
    Set<UUID> resolved = new LinkedHashSet<>();
    if (targets.hasNonNull("communityUserId")) {
      add(resolved, byCommunityUserId.get(targets.get("communityUserId").asText()));
    }
    targets.path("communityUserIds").forEach(id -> add(resolved, byCommunityUserId.get(id.asText())));
    if (targets.hasNonNull("discord")) {
      add(resolved, byDiscord.get(targets.get("discord").asText()));
    }
    if (targets.hasNonNull("roblox")) {
      add(resolved, byRoblox.get(targets.get("roblox").asLong()));
    }
    if (targets.hasNonNull("accountUuid")) {
      resolved.add(UUID.fromString(targets.get("accountUuid").asText()));
    }
    targets.path("accounts").forEach(uuid -> resolved.add(UUID.fromString(uuid.asText())));
    if (targets.hasNonNull("username")) {
      String username = targets.get("username").asText();
      accounts.values().stream().filter(account -> account.get("username").asText().equals(username))
          .forEach(account -> resolved.add(UUID.fromString(account.get("uuid").asText())));
    }
    return resolved;
  }

  /** Returns the one account an "exactly one target" request names; 404 when it resolves to none. */
  UUID resolveOne(JsonNode targets) {
    return resolve(targets).stream().findFirst()
        .orElseThrow(() -> SandboxProblem.notFound("No account matches the target."));
  }

  private JsonNode getAccount(OperationRequest request) {
    return account(resolveOne(request.query())).deepCopy();
  }

  private JsonNode getAccounts(OperationRequest request) {
    List<ObjectNode> matching = accounts.values().stream()
        .filter(account -> !request.query().hasNonNull("status")
            || account.get("status").asInt() == request.queryInt("status", -1))
        .filter(account -> !request.query().hasNonNull("username")
            || account.get("username").asText().toLowerCase(Locale.ROOT)
                .contains(request.query().get("username").asText().toLowerCase(Locale.ROOT)))
        .toList();
    int limit = request.queryInt("limit", 100);
    int offset = request.queryInt("offset", 0);
    ObjectNode response = NODES.objectNode();
    response.putObject("pagination").put("limit", limit).put("offset", offset).put("total", matching.size());
    ArrayNode page = response.putArray("accounts");
    matching.stream().skip(offset).limit(limit).forEach(account -> page.add(account.deepCopy()));
    return response;
  }

  private JsonNode modifyAccountPermissions(OperationRequest request) {
    UUID uuid = resolveOne(request.body());
    ObjectNode permissions = (ObjectNode) account(uuid).get("permissions");
    request.body().path("add").forEach(permission -> permissions.put(permissionName(permission.asText()), true));
    request.body().path("remove").forEach(permission -> permissions.remove(permissionName(permission.asText())));
    ObjectNode response = NODES.objectNode().put("accountUuid", uuid.toString());
    response.set("permissions", permissions.deepCopy());
    if (request.body().has("active")) {
      boolean active = request.body().get("active").asBoolean();
      account(uuid).put("status", active ? VALIDATED : REMOVED);
      response.put("active", active);
    }
    return response;
  }

  private JsonNode kickOrBanUser(OperationRequest request) {
    UUID uuid = resolveOne(request.body());
    boolean ban = request.body().path("isBan").asBoolean(false);
    account(uuid).put("status", ban ? BANNED : REMOVED);
    return NODES.objectNode().put("accountUuid", uuid.toString()).put("action", ban ? "ban" : "kick")
        .put("message", ban ? "Account was banned." : "Account was kicked.");
  }

  private JsonNode checkCommunityLink(OperationRequest request) {
    String communityUserId = request.body().get("communityUserId").asText();
    UUID linked = byCommunityUserId.get(communityUserId);
    ObjectNode response = NODES.objectNode().put("communityUserId", communityUserId).put("linked", linked != null);
    if (linked != null) {
      response.put("accountUuid", linked.toString());
    }
    return response;
  }

  private JsonNode createCommunityLink(OperationRequest request) {
    lastCode++;
    return NODES.objectNode()
        .put("code", String.format(Locale.ROOT, "S%03d", lastCode))
        .put("communityUserId", request.body().get("communityUserId").asText())
        .put("expiresAt", clock.instant().plusSeconds(600).toString())
        .put("expiresInSeconds", 600);
  }

  private JsonNode setCommunityLink(OperationRequest request) {
    UUID uuid = UUID.fromString(request.body().get("accountUuid").asText());
    String communityUserId = request.body().get("communityUserId").asText();
    UUID previous = byCommunityUserId.get(communityUserId);
    if (previous != null && !previous.equals(uuid)) {
      account(previous).remove("communityUserId");
    }
    linkCommunityUser(communityUserId, uuid);
    bySecret.put(request.body().get("secretUuid").asText(), uuid);
    return NODES.objectNode().put("linked", true).put("accountUuid", uuid.toString())
        .put("communityUserId", communityUserId);
  }

  private JsonNode applyPermissionKey(OperationRequest request) {
    UUID uuid = resolveOne(request.body());
    ObjectNode account = account(uuid);
    ObjectNode permissions = (ObjectNode) account.get("permissions");
    permissions.setAll(keyPermissions.deepCopy());
    appliedKeys.computeIfAbsent(uuid, key -> new ArrayList<>()).add(request.body().get("permissionKey").asText());
    ObjectNode response = NODES.objectNode().put("accountUuid", uuid.toString())
        .put("username", account.get("username").asText()).put("message", "Permission key applied.");
    response.set("permissions", permissions.deepCopy());
    return response;
  }

  private JsonNode verifySecret(OperationRequest request) {
    String secret = request.body().get("secret").asText();
    UUID uuid = bySecret.get(secret);
    if (uuid == null) {
      throw SandboxProblem.notFound("No account has this secret.");
    }
    return NODES.objectNode().put(secret, uuid.toString());
  }

  private JsonNode checkApiId(OperationRequest request) {
    String apiId = request.path("apiId");
    UUID uuid = byApiId.get(apiId);
    if (uuid == null) {
      throw SandboxProblem.notFound("API ID " + apiId + " is not linked to an account.");
    }
    return NODES.objectNode().put("apiId", apiId).put("username", account(uuid).get("username").asText())
        .put("accountUuid", uuid.toString());
  }

  /** Replaces the account's API IDs, or adds to them with {@code pushNew}; an API ID moves from any other account. */
  private JsonNode setApiIds(OperationRequest request) {
    UUID uuid = resolveOne(request.body());
    account(uuid);
    boolean pushNew = request.body().path("pushNew").asBoolean(false);
    if (!pushNew) {
      byApiId.values().removeIf(uuid::equals);
    }
    request.body().get("apiIds").forEach(apiId -> byApiId.put(apiId.asText(), uuid));
    ObjectNode response = NODES.objectNode().put("accountUuid", uuid.toString());
    ArrayNode saved = response.putArray("apiIds");
    byApiId.forEach((apiId, owner) -> add(saved, owner, uuid, apiId));
    return response.put("pushNew", pushNew);
  }

  /** {@code LIVE_MAP} to {@code liveMap}: the permission keys of the Account object. */
  private static String permissionName(String permission) {
    if (!permission.contains("_") && !permission.equals(permission.toUpperCase(Locale.ROOT))) {
      return permission;
    }
    Matcher word = WORD.matcher(permission.toLowerCase(Locale.ROOT));
    StringBuilder name = new StringBuilder();
    while (word.find()) {
      word.appendReplacement(name, word.group(1).toUpperCase(Locale.ROOT));
    }
    return word.appendTail(name).toString();
  }

  private static void add(Set<UUID> into, UUID account) {
    if (account != null) {
      into.add(account);
    }
  }
}
