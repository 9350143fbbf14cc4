/**
 * The Sonoran CAD v2 client: start at {@link io.github.dispatchkit.sonorancad.SonoranCadClient}.
 *
 * <p>Requests and responses are the generated models of {@code io.github.dispatchkit.sonorancad.generated.model},
 * generated from the curated spec packaged at {@code META-INF/sonoran-cad/sonoran-cad-v2.yaml}.
 */
package io.github.dispatchkit.sonorancad;
