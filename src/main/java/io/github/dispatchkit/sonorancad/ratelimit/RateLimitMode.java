package io.github.dispatchkit.sonorancad.ratelimit;

/** What a call does when its operation's documented limit for the API key is used up. */
public enum RateLimitMode {
  /**
   * Waits for a permit, up to
   * {@link io.github.dispatchkit.sonorancad.SonoranCadClient.Builder#maxRateLimitWait}, then throws
   * {@link io.github.dispatchkit.sonorancad.exception.ClientRateLimitException}. The default.
   */
  WAIT,
  /** Throws {@link io.github.dispatchkit.sonorancad.exception.ClientRateLimitException} at once. */
  FAIL_FAST
}
