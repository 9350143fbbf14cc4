package io.github.dispatchkit.sonorancad;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The spec packaged in the jar, parsed once with its {@code $ref}s kept, for tests that read it. */
public final class PackagedSpec {
  private static final OpenAPI SPEC = parse();

  private PackagedSpec() {
  }

  /** One operation of the spec with the path and HTTP method it is declared under. */
  public static final class PathOperation {
    public final String path;
    public final PathItem.HttpMethod method;
    public final Operation operation;

    PathOperation(String path, PathItem.HttpMethod method, Operation operation) {
      this.path = path;
      this.method = method;
      this.operation = operation;
    }

    /** The first tag, {@code Group / Resource}. */
    public String tag() {
      return operation.getTags().get(0);
    }

    /** The operationId. */
    public String id() {
      return operation.getOperationId();
    }
  }

  /** Returns the parsed spec; treat it as read-only, it is shared. */
  public static OpenAPI get() {
    return SPEC;
  }

  /** Every operation, in the order of README's operations table: by tag, then by operationId. */
  public static List<PathOperation> operations() {
    List<PathOperation> operations = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : SPEC.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
        operations.add(new PathOperation(path.getKey(), entry.getKey(), entry.getValue()));
      }
    }
    operations.sort(Comparator.comparing(PathOperation::tag).thenComparing(PathOperation::id));
    return operations;
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
