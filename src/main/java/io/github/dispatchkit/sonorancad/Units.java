package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.generated.api.EmergencyUnitsApi;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.internal.CallExecutor;
import io.github.dispatchkit.sonorancad.internal.RequestValidator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Emergency / Units operations: {@code client.emergency().units()}.
 *
 * <p>Each call is validated before any I/O, waits for a permit of the documented limit (30 per
 * minute per API key), and throws a {@link io.github.dispatchkit.sonorancad.exception.SonoranCadException}
 * on failure. Setting a status twice is harmless, so transport failures and 502/503/504 are retried.
 * Thread-safe.
 */
public final class Units {
  private final EmergencyUnitsApi api;
  private final CallExecutor executor;
  private final Executor asyncExecutor;
  private final int defaultServerId;

  Units(EmergencyUnitsApi api, CallExecutor executor, Executor asyncExecutor, int defaultServerId) {
    this.api = api;
    this.executor = executor;
    this.asyncExecutor = asyncExecutor;
    this.defaultServerId = defaultServerId;
  }

  /**
   * Sets a unit status on the client's default server: {@code PATCH /v2/emergency/servers/{serverId}/units/status}.
   *
   * @param request the status and at least one target
   * @return how many identifiers were updated, and the status name
   */
  public SetUnitStatusResponse setStatus(SetUnitStatusRequest request) {
    return setStatus(defaultServerId, request);
  }

  /**
   * Sets a unit status on server {@code serverId}.
   *
   * @param serverId a configured server ID, 1 or more
   * @param request the status and at least one target
   * @return how many identifiers were updated, and the status name
   */
  public SetUnitStatusResponse setStatus(int serverId, SetUnitStatusRequest request) {
    RequestValidator.setUnitStatus(serverId, request);
    return executor.execute(api.setUnitStatus(serverId, request));
  }

  /**
   * Like {@link #setStatus(SetUnitStatusRequest)}, on the client's executor. Validation failures
   * are thrown at once, not through the future.
   */
  public CompletableFuture<SetUnitStatusResponse> setStatusAsync(SetUnitStatusRequest request) {
    return setStatusAsync(defaultServerId, request);
  }

  /**
   * Like {@link #setStatus(int, SetUnitStatusRequest)}, on the client's executor. Validation
   * failures are thrown at once, not through the future.
   */
  public CompletableFuture<SetUnitStatusResponse> setStatusAsync(int serverId, SetUnitStatusRequest request) {
    RequestValidator.setUnitStatus(serverId, request);
    return CompletableFuture.supplyAsync(
        () -> executor.execute(api.setUnitStatus(serverId, request)), asyncExecutor);
  }
}
