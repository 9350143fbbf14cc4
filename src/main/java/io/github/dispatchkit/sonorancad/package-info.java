/**
 * The Sonoran CAD v2 client: start at {@link io.github.dispatchkit.sonorancad.SonoranCadClient}.
 *
 * <p>Requests and responses are the generated models of {@code io.github.dispatchkit.sonorancad.generated.model},
 * generated from the curated spec packaged at {@code META-INF/sonoran-cad/sonoran-cad-v2.yaml}.
 *
 * <p>Every package of the client is {@link org.jspecify.annotations.NullMarked}: types are non-null
 * unless annotated {@link org.jspecify.annotations.Nullable}, so Kotlin and nullness checkers see
 * real types.
 */
@NullMarked
package io.github.dispatchkit.sonorancad;

import org.jspecify.annotations.NullMarked;
