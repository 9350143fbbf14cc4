package io.github.dispatchkit.sonorancad;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The spec packaged in the jar, parsed once with its {@code $ref}s kept, for tests that read it. */
final class PackagedSpec {
  private static final OpenAPI SPEC = parse();

  private PackagedSpec() {
  }

  /** Returns the parsed spec; treat it as read-only, it is shared. */
  static OpenAPI get() {
    return SPEC;
  }

  private static OpenAPI parse() {
    try (InputStream yaml = PackagedSpec.class.getResourceAsStream("/META-INF/sonoran-cad/sonoran-cad-v2.yaml")) {
      ParseOptions options = new ParseOptions();
      options.setResolve(false);
      return new OpenAPIV3Parser()
          .readContents(new String(yaml.readAllBytes(), StandardCharsets.UTF_8), null, options).getOpenAPI();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
