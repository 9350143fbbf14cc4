/**
 * Exceptions thrown by {@link io.github.dispatchkit.sonorancad.SonoranCadClient}: one unchecked
 * hierarchy rooted at {@link io.github.dispatchkit.sonorancad.exception.SonoranCadException}.
 *
 * <p>{@link io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException} and its
 * subclasses are answers from the API; {@link io.github.dispatchkit.sonorancad.exception.SonoranCadIoException}
 * is a transport failure; {@link io.github.dispatchkit.sonorancad.exception.InvalidResponseException}
 * is a successful status with an unusable body; {@link
 * io.github.dispatchkit.sonorancad.exception.ClientRateLimitException} is this client's own limiter
 * refusing to wait, and a {@link io.github.dispatchkit.sonorancad.exception.RateLimitException} like
 * a 429, so one {@code catch} handles both. Arguments that break the spec's constraints fail before
 * any I/O with one {@link io.github.dispatchkit.sonorancad.exception.RequestValidationException}
 * listing every violation; a closed client refuses calls with {@link IllegalStateException}. No
 * message ever contains the API key.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.exception;

import org.jspecify.annotations.NullMarked;
