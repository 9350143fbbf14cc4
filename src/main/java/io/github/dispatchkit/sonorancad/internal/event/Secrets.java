package io.github.dispatchkit.sonorancad.internal.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Comparing and masking the API key. */
public final class Secrets {
  private Secrets() {
  }

  /**
   * Compares {@code candidate} with {@code secret} in time independent of where they differ and of
   * their lengths: both are hashed with SHA-256 and the digests compared with
   * {@link MessageDigest#isEqual}.
   *
   * @return false when {@code candidate} is null
   */
  public static boolean keyMatches(String candidate, String secret) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(candidate), sha256(secret));
  }

  /** Returns {@code text} with every occurrence of {@code secret} replaced by {@code ***}; null stays null. */
  public static String mask(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "***");
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
