package io.github.dispatchkit.sonorancad.internal;

/** The start of a raw response body, safe to put in an exception message. */
final class Snippet {
  static final int MAX_CHARS = 200;

  private Snippet() {
  }

  /**
   * Returns at most {@link #MAX_CHARS} characters of {@code body} on one line, with every occurrence
   * of the key redacted, in case a server or proxy echoes the Authorization header.
   */
  static String of(String body, ApiKey apiKey) {
    String redacted = apiKey.redact(body);
    StringBuilder result = new StringBuilder(Math.min(redacted.length(), MAX_CHARS + 3));
    for (int i = 0; i < redacted.length() && result.length() < MAX_CHARS; i++) {
      char c = redacted.charAt(i);
      result.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (redacted.length() > MAX_CHARS) {
      result.append("...");
    }
    return result.toString().trim();
  }
}
