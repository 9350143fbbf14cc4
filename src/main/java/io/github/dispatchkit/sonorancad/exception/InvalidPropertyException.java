package io.github.dispatchkit.sonorancad.exception;

import io.github.dispatchkit.sonorancad.Drift;
import java.util.List;

/**
 * A property of a decoded response could not be typed: it was missing, null or of another type than
 * the spec documents, and no lossless coercion applied. Thrown by that property's typed accessor
 * (the rest of the response stays usable; its raw value is still at {@code _name()}), and by a
 * model's {@code validate()}.
 *
 * <p>Not an {@link InvalidResponseException}: the call succeeded and its response was returned; this
 * is thrown later, when one value of it is read. The message names the operation, each JSON path and
 * the raw value received, the API key redacted.
 */
public final class InvalidPropertyException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final List<Drift> drifts;

  /**
   * Creates the exception.
   *
   * @param operationId the operation whose response held the value; empty when decoded outside a call
   * @param property what was read, such as {@code CreateIdentifierResponse.identId}
   * @param drifts each value that could not be typed, received values already redacted
   */
  public InvalidPropertyException(String operationId, String property, List<Drift> drifts) {
    super(operationId, message(operationId, property, drifts), null);
    this.property = property;
    this.drifts = List.copyOf(drifts);
  }

  /**
   * Creates the exception of a model's {@code validate()}.
   *
   * @param operationId the operation whose response held the model; empty when none
   * @param model the model's name
   * @param violations what {@code violations()} listed, already redacted
   */
  public InvalidPropertyException(String operationId, String model, Iterable<String> violations) {
    super(operationId, message(operationId, model, violations), null);
    this.property = model;
    this.drifts = List.of();
  }

  private static String message(String operationId, String property, Iterable<?> problems) {
    StringBuilder result = new StringBuilder();
    if (!operationId.isEmpty()) {
      result.append(operationId).append(": ");
    }
    result.append(property).append(" could not be read: ");
    String separator = "";
    for (Object problem : problems) {
      result.append(separator).append(problem);
      separator = "; ";
    }
    return result.toString();
  }

  /** Returns what was read, such as {@code CreateIdentifierResponse.identId}. */
  public String property() {
    return property;
  }

  /** Returns the JSON path of the first value, such as {@code $.identId}. */
  public String path() {
    return drifts.isEmpty() ? "$" : drifts.get(0).path();
  }

  /**
   * Returns the value that could not be typed, with path, expectation and raw value; empty for
   * {@code validate()}, whose message lists every violation.
   */
  public List<Drift> drifts() {
    return drifts;
  }
}
