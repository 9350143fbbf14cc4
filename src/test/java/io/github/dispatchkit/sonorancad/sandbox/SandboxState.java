package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The sandbox's in-memory community, by domain: {@link Community} (accounts and links), {@link Units},
 * {@link Calls}, {@link Blips}, {@link Servers}, {@link Records}, {@link Characters},
 * {@link Configuration} and {@link Media}.
 *
 * <p>Each domain registers its stateful handlers by {@code operationId}; every operation of this
 * project's spec has one, so every answer comes from the state and the request, and the spec's
 * documented answers serve only as seed data. An operation added to the spec without a handler answers
 * its documented example ({@link #cannedOperations()}). Thread-safe: one lock, this object's, guards every
 * domain, so a handler sees and leaves a consistent state.
 */
final class SandboxState {

  private final Community community;
  private final Units units;
  private final Servers servers;
  private final Records records;
  private final Configuration configuration;
  private final Media media;
  private final OperationHandlers handlers;

  SandboxState(CuratedSpec spec, Set<Integer> serverIds, InstantSource clock) {
    community = new Community(clock, (ObjectNode) spec.example("applyPermissionKey").get("permissions"));
    units = new Units(community, spec.createIdentifierDefaults());
    servers = new Servers(serverIds, spec.example("getServers"), clock);
    records = new Records(community, spec.example("getTemplates"));
    configuration = new Configuration(spec::example, clock);
    media = new Media(community, units, clock);
    handlers = new OperationHandlers(spec.routes().stream().map(CuratedSpec.Route::operationId)
        .collect(Collectors.toSet()));
    community.register(handlers);
    units.register(handlers);
    new Calls(units, clock).register(handlers);
    new Blips().register(handlers);
    servers.register(handlers);
    records.register(handlers);
    new Characters(community, records).register(handlers);
    configuration.register(handlers);
    media.register(handlers);
  }

  synchronized void linkCommunityUser(String communityUserId, UUID accountUuid) {
    community.linkCommunityUser(communityUserId, accountUuid);
  }

  synchronized void linkDiscord(String discordId, UUID accountUuid) {
    community.linkDiscord(discordId, accountUuid);
  }

  synchronized void linkRoblox(long robloxId, UUID accountUuid) {
    community.linkRoblox(robloxId, accountUuid);
  }

  /** Returns the stateful handler of an operation, or empty when it answers its documented example. */
  Optional<OperationHandlers.Handler> handler(String operationId) {
    return handlers.find(operationId);
  }

  /** Returns the operations of the spec that have no handler and answer their documented example, sorted. */
  List<String> cannedOperations() {
    return handlers.missing();
  }

  /** Runs a handler under the lock. */
  synchronized JsonNode handle(OperationHandlers.Handler handler, OperationRequest request) {
    return handler.function().apply(request);
  }

  synchronized boolean serverConfigured(int serverId) {
    return servers.isConfigured(serverId);
  }

  /** Returns the Get Servers answer. */
  synchronized JsonNode servers() {
    return servers.list();
  }

  synchronized Optional<SandboxIdentifier> identifier(int identId) {
    return units.snapshot(identId);
  }

  /** Returns the whole state as JSON: accounts, identifiers, records and drafts, configuration, photos and recordings. */
  synchronized ObjectNode snapshot() {
    ObjectNode snapshot = community.snapshot();
    snapshot.setAll(units.snapshot());
    snapshot.setAll(records.snapshot());
    snapshot.set("configuration", configuration.snapshot());
    snapshot.setAll(media.snapshot());
    snapshot.set("servers", servers.list().get("servers"));
    return snapshot;
  }
}
