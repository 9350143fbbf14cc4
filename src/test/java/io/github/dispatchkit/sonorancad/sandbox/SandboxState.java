package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The sandbox's in-memory community, by domain: {@link Community} (accounts and links), {@link Units},
 * {@link Calls}, {@link Blips}, {@link Servers}, {@link Records} and {@link Characters}.
 *
 * <p>Each domain registers its stateful handlers by {@code operationId}; every other operation answers
 * its documented example. Thread-safe: one lock, this object's, guards every domain, so a handler sees
 * and leaves a consistent state.
 */
final class SandboxState {

  private final Community community;
  private final Units units;
  private final Servers servers;
  private final OperationHandlers handlers;

  SandboxState(CuratedSpec spec, Set<Integer> serverIds, InstantSource clock) {
    community = new Community(clock);
    units = new Units(community, spec.createIdentifierDefaults());
    servers = new Servers(serverIds, documented(spec, "getServers"), clock);
    Records records = new Records(community, (ObjectNode) documented(spec, "getTemplate"));
    handlers = new OperationHandlers(spec.routes().stream().map(CuratedSpec.Route::operationId)
        .collect(Collectors.toSet()));
    community.register(handlers);
    units.register(handlers);
    new Calls(units, clock).register(handlers);
    new Blips().register(handlers);
    servers.register(handlers);
    records.register(handlers);
    new Characters(community, records).register(handlers);
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

  private static JsonNode documented(CuratedSpec spec, String operationId) {
    try {
      return new ObjectMapper().readTree(spec.route(operationId).successExample());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
