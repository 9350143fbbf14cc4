package io.github.dispatchkit.sonorancad.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the sandbox's answered requests into push events on a {@link SandboxEventHub}, until the
 * sandbox publishes from its state directly: a successful Set Unit Status becomes
 * {@code EVENT_UNIT_STATUS} with the {@code identIds} it reached (targets given as {@code identIds}
 * or an {@code accountUuid} whose identifiers this bridge saw created) and the new {@code status},
 * in the Unit Status Update page's form (a one-element array).
 *
 * <p>Install with {@code SonoranCadSandbox.builder().onExchange(bridge)}. Thread-safe.
 */
public final class SandboxEventBridge implements Consumer<SandboxExchange> {
  private static final Pattern SET_UNIT_STATUS = Pattern.compile("/v2/emergency/servers/(\\d+)/units/status");
  private static final Pattern CREATE_IDENTIFIER = Pattern.compile("/v2/emergency/accounts/([^/]+)/identifiers");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final SandboxEventHub hub;
  private final Map<String, List<Integer>> identIdsByAccount = new LinkedHashMap<>();

  public SandboxEventBridge(SandboxEventHub hub) {
    this.hub = hub;
  }

  @Override
  public void accept(SandboxExchange exchange) {
    if (exchange.status() != 200) {
      return;
    }
    try {
      Matcher create = CREATE_IDENTIFIER.matcher(exchange.path());
      Matcher status = SET_UNIT_STATUS.matcher(exchange.path());
      if (exchange.method().equals("POST") && create.matches()
          && JSON.fromJson(exchange.responseBody()) instanceof Map<?, ?> created
          && created.get("identId") instanceof Number identId) {
        synchronized (identIdsByAccount) {
          identIdsByAccount.computeIfAbsent(create.group(1), ignored -> new ArrayList<>()).add(identId.intValue());
        }
      } else if (exchange.method().equals("PATCH") && status.matches()
          && JSON.fromJson(exchange.requestBody()) instanceof Map<?, ?> request) {
        Set<Integer> reached = new LinkedHashSet<>();
        if (request.get("identIds") instanceof List<?> identIds) {
          identIds.forEach(id -> reached.add(((Number) id).intValue()));
        }
        if (request.get("accountUuid") instanceof String account) {
          synchronized (identIdsByAccount) {
            reached.addAll(identIdsByAccount.getOrDefault(account, List.of()));
          }
        }
        if (!reached.isEmpty()) {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("identIds", List.copyOf(reached));
          data.put("status", request.get("status"));
          hub.publish(Integer.parseInt(status.group(1)), "EVENT_UNIT_STATUS", List.of(data));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not an exchange this bridge understands
    }
  }
}
