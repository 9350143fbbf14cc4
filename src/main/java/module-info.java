/**
 * The Sonoran CAD v2 client: start at {@link io.github.dispatchkit.sonorancad.SonoranCadClient}.
 *
 * <p>Exports the API only: the client, the generated models and services, exceptions, push events,
 * rate limiting, and the optional logging and metrics listeners. {@code internal} is the core the
 * generated services call (operation descriptors, the executor, decoding) and is not exported: on the module path nothing outside this module can use them; on the class path they are
 * public classes that may change in any release.
 *
 * <p>SLF4J, Micrometer and Lettuce are optional ({@code requires static}): a module that uses
 * {@code Slf4jCallListener}, {@code MicrometerCallListener} or {@code RedisRateLimitStore} requires
 * {@code org.slf4j}, {@code micrometer.core} or {@code lettuce.core} itself.
 *
 * <p>OkHttp 4, Okio, Moshi, Micrometer and Lettuce have no module descriptor: their stable
 * {@code Automatic-Module-Name}s are required (OkHttp 5 declares the same name, {@code okhttp3}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.dispatchkit.sonorancad {
  exports io.github.dispatchkit.sonorancad;
  exports io.github.dispatchkit.sonorancad.event;
  exports io.github.dispatchkit.sonorancad.exception;
  exports io.github.dispatchkit.sonorancad.generated.model;
  exports io.github.dispatchkit.sonorancad.generated.service;
  exports io.github.dispatchkit.sonorancad.logging;
  exports io.github.dispatchkit.sonorancad.metrics;
  exports io.github.dispatchkit.sonorancad.ratelimit;

  // Moshi finds each model's generated adapter (package-private) by reflection.
  opens io.github.dispatchkit.sonorancad.generated.model to com.squareup.moshi;

  // The builder takes an OkHttpClient; nullness annotations are on every exported type.
  requires transitive okhttp3;
  requires static transitive org.jspecify;
  requires okio;
  requires com.squareup.moshi;
  // OkHttp 4 and Okio, automatic modules, cannot say they need the Kotlin stdlib (which the POM
  // declares): required here so that a module path resolves it.
  requires kotlin.stdlib;

  requires static org.slf4j;
  requires static micrometer.core;
  requires static lettuce.core;
}
