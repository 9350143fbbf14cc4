/**
 * Retrofit interfaces generated from the curated spec, one per tag; each method carries the
 * operation's rate limit and idempotency.
 *
 * <p>The build generates the interfaces from {@code openapi/sonoran-cad-v2.yaml}; change the spec,
 * never the output. Prefer the handwritten client, which adds authentication, rate limits and
 * retries.
 */
package io.github.dispatchkit.sonorancad.generated.api;
