/**
 * Metrics through Micrometer: {@link io.github.dispatchkit.sonorancad.metrics.MicrometerCallListener}.
 * Needs {@code io.micrometer:micrometer-core} on the classpath, which this library declares optional:
 * add it to your project to use this package.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.metrics;

import org.jspecify.annotations.NullMarked;
