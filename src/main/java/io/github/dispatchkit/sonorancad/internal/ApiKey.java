package io.github.dispatchkit.sonorancad.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The API key: the one object that holds it. It formats the {@code Authorization} header, keys the
 * rate limiters by a fingerprint, and redacts the key from every text that leaves the client (error
 * fields, body snippets, transport failure messages), in case a server or proxy echoes the header.
 *
 * <p>Redaction finds the key in any case (upper, lower, mixed) and in the escaped forms a server
 * may echo it in, each character on its own: JSON (<code>&#92;u002B</code>, {@code \/}), HTML entities
 * ({@code &#43;}, {@code &#x2b;}, {@code &plus;}), URL encoding ({@code %2B}, {@code +} for a
 * space), mixed freely, as in a fully <code>&#92;u</code>-escaped echo. It scans the text once, trying a
 * match only where a character could start the key, so its cost is linear in the text (times the
 * key's length at worst); no regular expression is involved. {@link #toString()} shows only a short
 * fingerprint. Immutable and thread-safe.
 */
public final class ApiKey {
  /** What replaces the key in redacted text. */
  public static final String MASK = "***";

  private final String value;
  private final byte[] digest;
  private final String fingerprint;
  /** The key's characters, lower-cased, as a match compares them. */
  private final char[] lower;

  private ApiKey(String value) {
    this.value = value;
    this.digest = sha256(value);
    this.fingerprint = HexFormat.of().formatHex(digest);
    this.lower = value.toLowerCase(Locale.ROOT).toCharArray();
  }

  /**
   * Checks and wraps a key: the one place a key is validated.
   *
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if blank or containing whitespace, control or non-ASCII characters
   */
  public static ApiKey of(String value) {
    java.util.Objects.requireNonNull(value, "apiKey == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("apiKey is blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("apiKey contains whitespace or a non-ASCII character at index " + i);
      }
    }
    return new ApiKey(value);
  }

  /**
   * Returns the key itself, for the push-event client, which sends it in its own hub messages and
   * compares it on the HTTP listener. Nothing else may call this; never log the result.
   */
  public String value() {
    return value;
  }

  /** Returns the {@code Authorization} header value. */
  String authorization() {
    return "Bearer " + value;
  }

  /** Returns a hex SHA-256 of the key: identifies it (limiters, logs) without revealing it. */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Returns whether {@code candidate} is this key, in time independent of where or whether they
   * differ (SHA-256 digests compared with {@link MessageDigest#isEqual}), as the push listener
   * needs; false for null.
   */
  public boolean matches(@Nullable String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  /**
   * Returns {@code text} with every occurrence of the key, in any case and escaped form (see the
   * class comment), replaced by {@link #MASK}; null stays null.
   */
  public @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    StringBuilder result = null;
    int copied = 0;
    for (int i = 0; i < text.length(); ) {
      int end = mayStartKey(text.charAt(i)) ? matchAt(text, i) : -1;
      if (end < 0) {
        i++;
        continue;
      }
      if (result == null) {
        result = new StringBuilder(text.length());
      }
      result.append(text, copied, i).append(MASK);
      copied = end;
      i = end;
    }
    return result == null ? text : result.append(text, copied, text.length()).toString();
  }

  private boolean mayStartKey(char c) {
    return Character.toLowerCase(c) == lower[0] || c == '\\' || c == '%' || c == '&' || c == '+';
  }

  /** Returns the end of the key's occurrence starting at {@code start}, or -1 if none starts there. */
  private int matchAt(String text, int start) {
    int at = start;
    for (char expected : lower) {
      long unit = Escapes.decode(text, at);
      if (unit >= 0 && Character.toLowerCase(Escapes.decoded(unit)) == expected) {
        at += Escapes.length(unit);
      } else if (at < text.length() && Character.toLowerCase(text.charAt(at)) == expected) {
        at++;
      } else {
        return -1;
      }
    }
    return at;
  }

  /**
   * Returns {@code failure} itself when no message in its cause chain holds the key, else an
   * {@link IOException} of the same description and stack trace with the key redacted and no cause,
   * so that neither {@code getMessage()} nor a printed stack trace shows the key.
   */
  public IOException redactFailure(IOException failure) {
    boolean leaks = false;
    for (Throwable t = failure; t != null && !leaks; t = t.getCause()) {
      leaks = !String.valueOf(t.getMessage()).equals(redact(String.valueOf(t.getMessage())));
    }
    if (!leaks) {
      return failure;
    }
    IOException redacted = new IOException(redact(failure.toString()));
    redacted.setStackTrace(failure.getStackTrace());
    return redacted;
  }

  /** Shows the first 8 hex digits of the fingerprint, never the key. */
  @Override
  public String toString() {
    return "ApiKey{sha256=" + fingerprint.substring(0, 8) + "...}";
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required on every Java platform", e);
    }
  }
}
