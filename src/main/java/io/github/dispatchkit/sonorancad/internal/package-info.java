/**
 * The core the generated services call: not API, not exported by the module, may change in any
 * release (on the class path its classes are public only because generated code in other packages
 * calls them).
 *
 * <p>The path of a call: a generated service method validates its arguments ({@link
 * io.github.dispatchkit.sonorancad.internal.Constraints}) and makes an {@link
 * io.github.dispatchkit.sonorancad.internal.ApiRequest} of its operation's {@link
 * io.github.dispatchkit.sonorancad.internal.Operation}, the descriptor the generator writes from the
 * spec (limit, idempotency, body and response types); the {@link
 * io.github.dispatchkit.sonorancad.internal.CallExecutor} takes a permit, sends it through the
 * client's {@link io.github.dispatchkit.sonorancad.internal.HttpStack}, decodes the answer tolerantly
 * ({@link io.github.dispatchkit.sonorancad.internal.Json}, {@code Exchange}) or maps the error, and
 * retries by the policy. {@link io.github.dispatchkit.sonorancad.internal.Coalescers} holds the
 * coalescing streams of {@code x-coalesce}.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.internal;

import org.jspecify.annotations.NullMarked;
