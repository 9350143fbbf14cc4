package io.github.dispatchkit.sonorancad.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A call's arguments break the spec's constraints; thrown before any I/O, so nothing was sent.
 *
 * <p>{@link #violations()} lists every broken constraint at once, each starting with the JSON path
 * of the field ({@code "units[0].name is required"}, {@code "one of identIds, roblox is required"}):
 * the same strings as the {@code violations()} of the generated models and parameter objects, which
 * never throw when built. The {@code ...Async} methods fail their future with it.
 */
public final class RequestValidationException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final List<String> violations;

  /**
   * Creates an exception listing every violation of a call.
   *
   * @param operationId the spec's operationId
   * @param violations every violated constraint, in the order found; not empty
   */
  public RequestValidationException(String operationId, List<String> violations) {
    super(operationId, operationId + ": " + String.join("; ", violations), null);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("violations is empty");
    }
    this.violations = Collections.unmodifiableList(new ArrayList<>(violations));
  }

  /** Returns every violated constraint, each naming its field by JSON path; never empty. */
  public List<String> violations() {
    return violations;
  }
}
