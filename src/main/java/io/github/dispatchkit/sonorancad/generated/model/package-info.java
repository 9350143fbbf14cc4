/**
 * Request, response and enum types generated from the schemas of the curated spec.
 *
 * <p>The build generates the types from {@code openapi/sonoran-cad-v2.yaml}; change the spec, never
 * the output.
 */
package io.github.dispatchkit.sonorancad.generated.model;
