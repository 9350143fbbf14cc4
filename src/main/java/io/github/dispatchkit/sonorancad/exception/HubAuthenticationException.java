package io.github.dispatchkit.sonorancad.exception;

import org.jspecify.annotations.Nullable;

/**
 * The hub answered {@code authenticatev2} with {@code success: false} or an error: a wrong community
 * ID or API key, or a server ID the community has not configured.
 *
 * <p>The connection does not retry after this: fix the settings and connect again. The hub's error
 * text is kept in {@link #error()}, with the API key masked should the hub echo it.
 */
public final class HubAuthenticationException extends HubException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String error;

  /**
   * Creates an exception for a refused authentication.
   *
   * @param error the hub's error text (the API key already masked), or null when it gave none
   */
  public HubAuthenticationException(@Nullable String error) {
    super("authenticatev2", "the hub refused authentication: " + (error == null ? "no reason given" : error), null);
    this.error = error;
  }

  /** Returns the hub's error text, or null when it gave none. */
  public @Nullable String error() {
    return error;
  }
}
