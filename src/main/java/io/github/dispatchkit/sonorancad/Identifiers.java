package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.generated.api.EmergencyIdentifiersApi;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.internal.CallExecutor;
import io.github.dispatchkit.sonorancad.internal.RequestValidator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Emergency / Identifiers operations: {@code client.emergency().identifiers()}.
 *
 * <p>Create Identifier is limited to 10 per minute per API key. It is never resent once it may have
 * reached the server (that would create a duplicate): only a 429, which the gateway answers before
 * the API sees the request, is retried. Thread-safe.
 */
public final class Identifiers {
  private final EmergencyIdentifiersApi api;
  private final CallExecutor executor;
  private final Executor asyncExecutor;

  Identifiers(EmergencyIdentifiersApi api, CallExecutor executor, Executor asyncExecutor) {
    this.api = api;
    this.executor = executor;
    this.asyncExecutor = asyncExecutor;
  }

  /**
   * Creates an identifier for an account: {@code POST /v2/emergency/accounts/{accountUuid}/identifiers}.
   *
   * @param accountUuid the owning account
   * @param request the properties to set; unset ones take the server's defaults
   * @return the new identifier's ID
   */
  public CreateIdentifierResponse create(UUID accountUuid, CreateIdentifierRequest request) {
    RequestValidator.createIdentifier(accountUuid, request);
    return executor.execute(api.createIdentifier(accountUuid, request));
  }

  /**
   * Like {@link #create}, on the client's executor. Validation failures are thrown at once, not
   * through the future.
   */
  public CompletableFuture<CreateIdentifierResponse> createAsync(
      UUID accountUuid, CreateIdentifierRequest request) {
    RequestValidator.createIdentifier(accountUuid, request);
    return CompletableFuture.supplyAsync(
        () -> executor.execute(api.createIdentifier(accountUuid, request)), asyncExecutor);
  }
}
