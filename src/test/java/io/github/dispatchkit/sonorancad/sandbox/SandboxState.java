package io.github.dispatchkit.sonorancad.sandbox;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The sandbox's in-memory community: accounts, the IDs linked to them, and their identifiers.
 *
 * <p>An account exists as soon as an ID is linked to it or an identifier is created for it; any
 * account UUID may own identifiers. Identifier IDs are assigned 1, 2, 3... in creation order. Every identifier of an account counts as
 * active, so a target that resolves to an account updates all of its identifiers. Thread-safe: every
 * method holds this object's lock.
 */
final class SandboxState {

  /**
   * The targets of one Set Unit Status request, each possibly absent.
   *
   * <p>Lists are empty rather than null when absent.
   */
  record UnitTargets(
      String communityUserId,
      List<String> communityUserIds,
      Long roblox,
      String discord,
      UUID accountUuid,
      List<Integer> identIds) {

    UnitTargets {
      communityUserIds = List.copyOf(communityUserIds);
      identIds = List.copyOf(identIds);
    }
  }

  private final Map<String, UUID> accountsByCommunityUserId = new HashMap<>();
  private final Map<String, UUID> accountsByDiscordId = new HashMap<>();
  private final Map<Long, UUID> accountsByRobloxId = new HashMap<>();
  private final Map<Integer, SandboxIdentifier> identifiersById = new TreeMap<>();
  private int lastIdentId;

  synchronized void linkCommunityUser(String communityUserId, UUID accountUuid) {
    accountsByCommunityUserId.put(Objects.requireNonNull(communityUserId), requireAccount(accountUuid));
  }

  synchronized void linkDiscord(String discordId, UUID accountUuid) {
    accountsByDiscordId.put(Objects.requireNonNull(discordId), requireAccount(accountUuid));
  }

  synchronized void linkRoblox(long robloxId, UUID accountUuid) {
    accountsByRobloxId.put(robloxId, requireAccount(accountUuid));
  }

  /**
   * Creates an identifier for {@code accountUuid} with the next ID.
   *
   * @param accountUuid the owner, which becomes a known account
   * @param factory builds the identifier from the assigned ID
   * @return the stored identifier
   */
  synchronized SandboxIdentifier createIdentifier(UUID accountUuid, IntFunction<SandboxIdentifier> factory) {
    requireAccount(accountUuid);
    int identId = lastIdentId + 1;
    SandboxIdentifier identifier = factory.apply(identId);
    if (identifier.identId() != identId || !identifier.accountUuid().equals(accountUuid)) {
      throw new IllegalArgumentException("factory must keep identId " + identId + " and account " + accountUuid);
    }
    lastIdentId = identId;
    identifiersById.put(identId, identifier);
    return identifier;
  }

  /**
   * Sets {@code status} on every identifier the targets resolve to.
   *
   * <p>Community user, Discord and Roblox IDs resolve through their links to an account, an account
   * to all of its identifiers, and identifier IDs to themselves. IDs that resolve to nothing are
   * ignored. Each identifier is counted once, however many targets reach it.
   *
   * @return the number of identifiers whose status was set
   */
  synchronized int setStatus(UnitTargets targets, int status) {
    Set<UUID> targetAccounts = new LinkedHashSet<>();
    addLinked(targetAccounts, accountsByCommunityUserId, targets.communityUserId());
    for (String communityUserId : targets.communityUserIds()) {
      addLinked(targetAccounts, accountsByCommunityUserId, communityUserId);
    }
    addLinked(targetAccounts, accountsByRobloxId, targets.roblox());
    addLinked(targetAccounts, accountsByDiscordId, targets.discord());
    if (targets.accountUuid() != null) {
      targetAccounts.add(targets.accountUuid());
    }
    Set<Integer> targetIdentIds = new LinkedHashSet<>(targets.identIds());
    for (SandboxIdentifier identifier : identifiersById.values()) {
      if (targetAccounts.contains(identifier.accountUuid())) {
        targetIdentIds.add(identifier.identId());
      }
    }
    int updated = 0;
    for (Integer identId : targetIdentIds) {
      SandboxIdentifier identifier = identifiersById.get(identId);
      if (identifier != null) {
        identifiersById.put(identId, identifier.withStatus(status));
        updated++;
      }
    }
    return updated;
  }

  synchronized Optional<SandboxIdentifier> identifier(int identId) {
    return Optional.ofNullable(identifiersById.get(identId));
  }

  private static <K> void addLinked(Set<UUID> into, Map<K, UUID> links, K id) {
    if (id != null) {
      UUID account = links.get(id);
      if (account != null) {
        into.add(account);
      }
    }
  }

  private static UUID requireAccount(UUID accountUuid) {
    return Objects.requireNonNull(accountUuid, "accountUuid");
  }
}
