package io.github.dispatchkit.sonorancad.exception;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception this client throws for a call that could not complete.
 *
 * <p>Unchecked, like Retrofit's {@code HttpException}: catch a subclass for the cases you handle.
 */
public abstract class SonoranCadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operationId;

  SonoranCadException(String operationId, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.operationId = operationId;
  }

  /** Returns the spec's {@code operationId} of the failed call, such as {@code "setUnitStatus"}. */
  public String operationId() {
    return operationId;
  }
}
