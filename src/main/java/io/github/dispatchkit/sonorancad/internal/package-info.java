/**
 * Implementation of the client: not API, may change in any release.
 *
 * <p>{@link io.github.dispatchkit.sonorancad.internal.SpecOperation} is the one exception: generated
 * Retrofit interfaces carry it, so it must stay where the templates point.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.internal;

import org.jspecify.annotations.NullMarked;
