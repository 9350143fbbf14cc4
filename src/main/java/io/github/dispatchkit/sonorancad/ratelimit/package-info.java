/**
 * The client's rate limiting: {@link io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode} (wait
 * for a permit or fail fast) and {@link io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore},
 * where the slots of the documented per-key limits live: in this JVM
 * ({@link io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore#inJvm()}, the default) or in Redis
 * ({@link io.github.dispatchkit.sonorancad.ratelimit.RedisRateLimitStore}), shared by many processes.
 *
 * <p>The stores' implementations (the in-JVM sliding log, the Redis scripts) are package-private
 * here. The package imports no other package of the client.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.ratelimit;

import org.jspecify.annotations.NullMarked;
