/**
 * Logging through SLF4J: {@link io.github.dispatchkit.sonorancad.logging.Slf4jCallListener}. Needs
 * {@code org.slf4j:slf4j-api} 2.x on the classpath, which this library declares optional: add it (and
 * a binding) to your project to use this package.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.logging;

import org.jspecify.annotations.NullMarked;
