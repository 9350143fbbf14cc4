package io.github.dispatchkit.sonorancad.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The sandbox's stateful handlers, one per spec {@code operationId}.
 *
 * <p>Every operation of this project's spec has one ({@code SandboxCoverageTest} holds that); an operation
 * added to the spec without one (as {@code NewOperationContractTest} adds) answers its documented
 * example, marked, until it gets one.
 *
 * <p>A handler either {@linkplain #reads reads} the state or {@linkplain #changes changes} it; after a
 * change succeeds the sandbox tells its state-change listener. A handler may throw
 * {@link SandboxProblem} for an answer other than 200.
 */
final class OperationHandlers {

  /** One registered handler. */
  record Handler(Function<OperationRequest, JsonNode> function, boolean changesState) {}

  private final Set<String> operationIds;
  private final Map<String, Handler> handlers = new HashMap<>();

  /** Creates an empty registry that accepts only the given operation IDs (the spec's). */
  OperationHandlers(Set<String> operationIds) {
    this.operationIds = Set.copyOf(operationIds);
  }

  /** Registers a handler that only reads the state. */
  OperationHandlers reads(String operationId, Function<OperationRequest, JsonNode> handler) {
    return register(operationId, new Handler(handler, false));
  }

  /** Registers a handler that changes the state. */
  OperationHandlers changes(String operationId, Function<OperationRequest, JsonNode> handler) {
    return register(operationId, new Handler(handler, true));
  }

  Optional<Handler> find(String operationId) {
    return Optional.ofNullable(handlers.get(operationId));
  }

  /** Returns the operations of the spec without a handler, which answer their documented example, sorted. */
  List<String> missing() {
    return operationIds.stream().filter(id -> !handlers.containsKey(id)).sorted().toList();
  }

  private OperationHandlers register(String operationId, Handler handler) {
    if (!operationIds.contains(operationId)) {
      throw new IllegalArgumentException("No operation " + operationId + " in the spec");
    }
    if (handlers.putIfAbsent(operationId, handler) != null) {
      throw new IllegalArgumentException("Two handlers for " + operationId);
    }
    return this;
  }
}
