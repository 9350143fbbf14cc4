package io.github.dispatchkit.sonorancad;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One place where a response differs from the spec: what the client expected at a JSON path, what
 * it received, and what it did about it ({@link Kind}). Reported to {@link CallListener#responseDrift},
 * listed by {@link io.github.dispatchkit.sonorancad.exception.InvalidResponseException#drifts()} in
 * strict mode, and by {@link io.github.dispatchkit.sonorancad.exception.InvalidPropertyException}.
 *
 * <p>{@link #received()} is the raw JSON with the API key redacted, cut to {@value #MAX_RECEIVED_CHARS}
 * characters. Immutable and thread-safe.
 */
public final class Drift {
  /** The longest {@link #received()} text; longer values end with {@code "..."}. */
  public static final int MAX_RECEIVED_CHARS = 200;

  /** What the client did with a drifted value. */
  public enum Kind {
    /** Converted without loss to the documented type ({@code "12"} to 12, {@code 1} to true, a lone item to a list). */
    COERCED,
    /** Could not be typed: the property's typed accessor throws, or the list item is left out. */
    UNTYPED,
    /** A required property was not sent: its typed accessor throws. */
    MISSING,
    /** A required property was {@code null}: its typed accessor throws. */
    NULL,
    /** A property the spec does not know: kept in {@code additionalProperties()}. */
    UNKNOWN_PROPERTY,
    /**
     * A value of an open enumeration the spec does not list: kept as an unknown constant. The spec
     * allows it, so strict mode does not fail on it.
     */
    UNKNOWN_VALUE
  }

  private final String path;
  private final Kind kind;
  private final String expected;
  private final String received;

  /**
   * Creates a drift; {@code received} is cut to {@value #MAX_RECEIVED_CHARS} characters and must
   * already be redacted.
   *
   * @param path the JSON path, such as {@code $[0].status}
   * @param expected what the spec documents there, such as {@code integer}
   * @param received the raw JSON received, {@code ""} when missing
   */
  public Drift(String path, Kind kind, String expected, String received) {
    this.path = Objects.requireNonNull(path, "path == null");
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.expected = Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(received, "received == null");
    this.received = received.length() > MAX_RECEIVED_CHARS
        ? received.substring(0, MAX_RECEIVED_CHARS) + "..."
        : received;
  }

  /** Returns the JSON path of the value, such as {@code $.units[0].status}. */
  public String path() {
    return path;
  }

  /** Returns what the client did with the value. */
  public Kind kind() {
    return kind;
  }

  /** Returns what the spec documents at {@link #path()}, such as {@code integer} or {@code Unit}. */
  public String expected() {
    return expected;
  }

  /** Returns the raw JSON received, key redacted and cut short; {@code ""} when the property was missing. */
  public String received() {
    return received;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof Drift)) {
      return false;
    }
    Drift that = (Drift) other;
    return path.equals(that.path) && kind == that.kind && expected.equals(that.expected)
        && received.equals(that.received);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, kind, expected, received);
  }

  /** Returns such as {@code $.identId: COERCED, expected integer, received "42"}. */
  @Override
  public String toString() {
    return path + ": " + kind + ", expected " + expected
        + (kind == Kind.MISSING ? "" : ", received " + received);
  }
}
