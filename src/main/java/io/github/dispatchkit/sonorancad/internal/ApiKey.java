package io.github.dispatchkit.sonorancad.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The API key: the one object that holds it. It formats the {@code Authorization} header, keys the
 * rate limiters by a fingerprint, and redacts the key from every text that leaves the client (error
 * fields, body snippets, transport failure messages), in case a server or proxy echoes the header.
 *
 * <p>Redaction covers the key as sent and as a JSON string or URL component would escape it.
 * {@link #toString()} shows only a short fingerprint. Immutable and thread-safe.
 */
public final class ApiKey {
  /** What replaces the key in redacted text. */
  public static final String MASK = "***";

  private final String value;
  private final byte[] digest;
  private final String fingerprint;
  /** The key as it may appear in text, longest first, so a longer form is never cut by a shorter one. */
  private final List<String> forms;

  private ApiKey(String value) {
    this.value = value;
    this.digest = sha256(value);
    this.fingerprint = HexFormat.of().formatHex(digest);
    Set<String> forms = new LinkedHashSet<>();
    String json = value.replace("\\", "\\\\").replace("\"", "\\\"");
    forms.add(json.replace("/", "\\/"));
    forms.add(json);
    forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    forms.add(value);
    this.forms = forms.stream().sorted((a, b) -> b.length() - a.length()).toList();
  }

  /** Wraps {@code value}, already checked by the client's builder (not blank, no whitespace). */
  public static ApiKey of(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("apiKey is empty");
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

  /** Returns {@code text} with every occurrence of the key replaced by {@link #MASK}; null stays null. */
  public @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String form : forms) {
      result = result.replace(form, MASK);
    }
    return result;
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
