package io.github.dispatchkit.sonorancad.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.OpenApiLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curated OpenAPI spec as the sandbox uses it: a request validator and each operation's documented rate limit.
 *
 * <p>The spec is the one packaged with the library ({@value #RESOURCE}), read from the JSON copy the build
 * writes of it ({@value #JSON_RESOURCE}: the same tree, without the YAML parser, the slower half of reading it),
 * so the sandbox enforces exactly what the client was generated from. Limits come from each
 * operation's {@code x-rate-limit} extension; none is written in the sandbox's code. Parsed once
 * per JVM and shared: the validator is thread-safe and the rest is immutable. The validator is built
 * on a thread of its own once the routes are read, while the sandbox starts; {@link #validator()}
 * waits for it, so the first request may wait, never skip validation.
 */
public final class CuratedSpec {

  /** Classpath location of the spec packaged by the build. */
  static final String RESOURCE = "META-INF/sonoran-cad/sonoran-cad-v2.yaml";
  /** Classpath location of the same spec as JSON, written from {@link #RESOURCE} by the build (SpecJson.java). */
  static final String JSON_RESOURCE = "META-INF/sonoran-cad/sonoran-cad-v2.json";

  /**
   * A documented limit: {@code requests} per rolling {@code period}, counted per API key.
   *
   * <p>Read from an operation's {@code x-rate-limit}.
   */
  record RateLimit(int requests, Duration period) {}

  /**
   * One spec operation as the sandbox routes it: the method it is served on and the operation's own
   * method (they differ for an {@code x-legacy-methods} alias, which is validated as the operation),
   * its path template, whether it needs the Bearer key, the JSON type of its {@code application/json}
   * request body (null without one) and whether a lone item stands for a one-element array
   * ({@code x-accepts-single}), its {@code multipart/form-data} body (null without one), the defaults
   * of its query parameters, and its documented success status and example body (or null).
   */
  public record Route(String operationId, String method, String specMethod, String template, Pattern pattern,
      List<String> pathNames, boolean authenticated, String requestType, boolean acceptsSingle, FormSchema form,
      Map<String, String> queryDefaults, int successStatus, String successExample) {

    /** Returns the path parameters of {@code path}, or null when it is not this route's path. */
    public Map<String, String> match(String path) {
      Matcher matcher = pattern.matcher(path);
      if (!matcher.matches()) {
        return null;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < pathNames.size(); i++) {
        values.put(pathNames.get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
      }
      return values;
    }

    private Route alias(String otherMethod) {
      return new Route(operationId, otherMethod, specMethod, template, pattern, pathNames, authenticated,
          requestType, acceptsSingle, form, queryDefaults, successStatus, successExample);
    }
  }

  private static CuratedSpec packaged;

  private final CompletableFuture<OpenApiInteractionValidator> validator;
  private final Map<String, RateLimit> rateLimitsByOperationId;
  private final List<Route> routes;
  private final ObjectNode createIdentifierDefaults;

  private CuratedSpec(CompletableFuture<OpenApiInteractionValidator> validator,
      Map<String, RateLimit> rateLimitsByOperationId, List<Route> routes, ObjectNode createIdentifierDefaults) {
    this.validator = validator;
    this.rateLimitsByOperationId = rateLimitsByOperationId;
    this.routes = routes;
    this.createIdentifierDefaults = createIdentifierDefaults;
  }

  /** Returns the packaged spec, parsed on first use; fails if it is missing or an operation lacks {@code x-rate-limit}. */
  public static synchronized CuratedSpec packaged() {
    if (packaged == null) {
      packaged = load();
    }
    return packaged;
  }

  private static CuratedSpec load() {
    String specText = readResource();
    // Parsed once, by the validator's own loader with its own options (references resolved fully,
    // combinators kept), and the same model serves the routes: one parse is the largest part of the start-up.
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    OpenAPI api = new OpenApiLoader().loadApi(OpenApiInteractionValidator.SpecSource.inline(specText), List.of(), options);
    Map<String, RateLimit> limits = new LinkedHashMap<>();
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
        Operation operation = entry.getValue();
        limits.put(operation.getOperationId(), rateLimitOf(operation));
        Route route = routeOf(api, path.getKey(), entry.getKey().name(), operation);
        routes.add(route);
        legacyMethodsOf(operation).forEach(method -> routes.add(route.alias(method)));
      }
    }
    ObjectNode createIdentifierDefaults = defaultsOf(api, "CreateIdentifierRequest");
    // From here on only the validator's thread touches the model.
    CompletableFuture<OpenApiInteractionValidator> validator = new CompletableFuture<>();
    Thread builder = new Thread(() -> {
      try {
        validator.complete(validatorOf(api));
      } catch (RuntimeException | Error e) {
        validator.completeExceptionally(e);
      }
    }, "sonoran-cad-sandbox-validator");
    builder.setDaemon(true);
    builder.start();
    return new CuratedSpec(validator, Collections.unmodifiableMap(limits), List.copyOf(routes),
        createIdentifierDefaults);
  }

  private static OpenApiInteractionValidator validatorOf(OpenAPI api) {
    // The validator turns every component schema into JSON and injects them all into each schema it
    // loads, for references; the loader has resolved the request schemas fully, so only the schemas a
    // request part still refers to are kept (responses are never validated here).
    if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
      Map<String, Schema> schemas = api.getComponents().getSchemas();
      Map<String, Schema> referenced = new LinkedHashMap<>();
      requestSchemas(api).forEach(schema -> keepReferenced(schema, schemas, referenced));
      api.getComponents().setSchemas(referenced);
    }
    // The sandbox answers authentication itself (401 before validation, with the API's messages),
    // so the validator's own check of the security scheme is switched off. The validator would also
    // inject additionalProperties:false into every schema that does not set it, refusing properties the
    // spec allows; IGNORE on validation.schema.additionalProperties turns the injection off, while a
    // schema's own additionalProperties:false still fails as validation.request.body.schema.additionalProperties.
    return OpenApiInteractionValidator.createFor(api)
        .withLevelResolver(LevelResolver.create()
            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
            .build())
        .build();
  }

  /** The schemas of every parameter and request body of the spec. */
  private static List<Schema<?>> requestSchemas(OpenAPI api) {
    List<Schema<?>> schemas = new ArrayList<>();
    Consumer<Content> contentSchemas = content -> {
      if (content != null) {
        content.values().forEach(media -> schemas.add(media.getSchema()));
      }
    };
    Consumer<List<Parameter>> parameterSchemas = parameters -> {
      if (parameters != null) {
        parameters.forEach(parameter -> {
          schemas.add(parameter.getSchema());
          contentSchemas.accept(parameter.getContent());
        });
      }
    };
    api.getPaths().values().forEach(path -> {
      parameterSchemas.accept(path.getParameters());
      path.readOperations().forEach(operation -> {
        parameterSchemas.accept(operation.getParameters());
        if (operation.getRequestBody() != null) {
          contentSchemas.accept(operation.getRequestBody().getContent());
        }
      });
    });
    return schemas;
  }

  /** Adds to {@code kept} every component schema {@code schema} refers to, directly or through another. */
  private static void keepReferenced(Schema<?> schema, Map<String, Schema> components, Map<String, Schema> kept) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      Schema<?> component = components.get(name);
      if (component != null && kept.putIfAbsent(name, component) == null) {
        keepReferenced(component, components, kept);
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(property -> keepReferenced(property, components, kept));
    }
    keepReferenced(schema.getItems(), components, kept);
    keepReferenced(schema.getNot(), components, kept);
    if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
      keepReferenced(additional, components, kept);
    }
    for (List<Schema> combined : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
      if (combined != null) {
        combined.forEach(member -> keepReferenced(member, components, kept));
      }
    }
  }

  /** Returns every operation of the spec as a route, in spec order. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Returns the route of an operation.
   *
   * @throws IllegalArgumentException if the spec has no such operation
   */
  public Route route(String operationId) {
    return routes.stream().filter(route -> route.operationId().equals(operationId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No operation " + operationId + " in " + RESOURCE));
  }

  /** Returns the plan version of the documented Get Version answer, which the v1 start-up call reports too. */
  int planVersion() {
    return example("getVersion").get("version").intValue();
  }

  /**
   * Returns a fresh copy of an operation's documented success example, the sandbox's seed data.
   *
   * @throws IllegalArgumentException if the spec has no such operation
   * @throws IllegalStateException if the operation documents no example
   */
  JsonNode example(String operationId) {
    String example = route(operationId).successExample();
    if (example == null) {
      throw new IllegalStateException(operationId + " in " + RESOURCE + " has no success example");
    }
    try {
      return new ObjectMapper().readTree(example);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Route routeOf(OpenAPI api, String template, String method, Operation operation) {
    List<String> names = new ArrayList<>();
    Matcher segment = Pattern.compile("\\{([^}]+)}").matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (segment.find()) {
      regex.append(Pattern.quote(template.substring(last, segment.start()))).append("([^/]+)");
      names.add(segment.group(1));
      last = segment.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    // `security: []` (get-login-page) is the one way an operation opts out of the Bearer key.
    boolean authenticated = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
    int status = 200;
    String example = null;
    for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
      if (response.getKey().startsWith("2")) {
        status = Integer.parseInt(response.getKey());
        Content content = response.getValue().getContent();
        MediaType json = content == null ? null : content.get("application/json");
        if (json != null && json.getExample() != null) {
          example = compactJson(json.getExample());
        }
        break;
      }
    }
    Schema<?> json = requestSchema(api, operation, "application/json");
    Schema<?> form = requestSchema(api, operation, "multipart/form-data");
    return new Route(operation.getOperationId(), method, method, template, Pattern.compile(regex.toString()),
        List.copyOf(names), authenticated, requestTypeOf(json),
        json != null && Boolean.TRUE.equals(extension(json, "x-accepts-single")),
        form == null ? null : FormSchema.of(form, operation.getRequestBody().getContent().get("multipart/form-data")),
        queryDefaultsOf(operation), status, example);
  }

  private static List<String> legacyMethodsOf(Operation operation) {
    Object methods = operation.getExtensions() == null ? null : operation.getExtensions().get("x-legacy-methods");
    if (methods == null) {
      return List.of();
    }
    if (!(methods instanceof List<?> list)) {
      throw new IllegalStateException(operation.getOperationId() + ": x-legacy-methods must be a list of methods");
    }
    return list.stream().map(method -> method.toString().toUpperCase(java.util.Locale.ROOT)).toList();
  }

  private static Object extension(Schema<?> schema, String name) {
    return schema.getExtensions() == null ? null : schema.getExtensions().get(name);
  }

  /** The request body schema of a media type, its reference followed; null when the operation has none. */
  private static Schema<?> requestSchema(OpenAPI api, Operation operation, String mediaType) {
    if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
        || operation.getRequestBody().getContent().get(mediaType) == null) {
      return null;
    }
    Schema<?> schema = operation.getRequestBody().getContent().get(mediaType).getSchema();
    if (schema.get$ref() != null) {
      schema = api.getComponents().getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
    }
    return schema;
  }

  private static Map<String, String> queryDefaultsOf(Operation operation) {
    Map<String, String> defaults = new LinkedHashMap<>();
    if (operation.getParameters() != null) {
      operation.getParameters().stream()
          .filter(parameter -> "query".equals(parameter.getIn()) && parameter.getSchema() != null
              && parameter.getSchema().getDefault() != null)
          .forEach(parameter -> defaults.put(parameter.getName(), parameter.getSchema().getDefault().toString()));
    }
    return Collections.unmodifiableMap(defaults);
  }

  private static String compactJson(Object example) {
    try {
      return Json.mapper().writeValueAsString(example);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a documented example as JSON", e);
    }
  }

  private static String requestTypeOf(Schema<?> schema) {
    if (schema == null) {
      return null;
    }
    // The validator's loader drops `type: object` beside anyOf/oneOf; such a schema still has properties.
    return schema.getType() == null && schema.getProperties() != null ? "object" : schema.getType();
  }

  /**
   * Returns the validator of requests against the spec, waiting for its construction if it is not done yet. Thread-safe.
   *
   * @throws IllegalStateException if the validator could not be built from the spec
   */
  OpenApiInteractionValidator validator() {
    try {
      return validator.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("Cannot build the request validator from " + RESOURCE, e.getCause());
    }
  }

  /**
   * Returns the documented limit of an operation.
   *
   * @param operationId the spec's {@code operationId}, such as {@code setUnitStatus}
   * @throws IllegalArgumentException if the spec has no such operation
   */
  RateLimit rateLimit(String operationId) {
    RateLimit limit = rateLimitsByOperationId.get(operationId);
    if (limit == null) {
      throw new IllegalArgumentException("No operation " + operationId + " in " + RESOURCE);
    }
    return limit;
  }

  /**
   * Returns the documented default of every Create Identifier property, keyed by property name.
   *
   * <p>A fresh copy on each call, so callers may change it.
   */
  ObjectNode createIdentifierDefaults() {
    return createIdentifierDefaults.deepCopy();
  }

  private static ObjectNode defaultsOf(OpenAPI api, String schemaName) {
    Schema<?> schema = api.getComponents().getSchemas().get(schemaName);
    if (schema == null || schema.getProperties() == null) {
      throw new IllegalStateException("No schema " + schemaName + " with properties in " + RESOURCE);
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode defaults = mapper.createObjectNode();
    schema.getProperties().forEach((name, property) -> {
      if (property.getDefault() == null) {
        throw new IllegalStateException(schemaName + "." + name + " in " + RESOURCE + " has no default");
      }
      defaults.set(name, mapper.valueToTree(property.getDefault()));
    });
    return defaults;
  }

  private static RateLimit rateLimitOf(Operation operation) {
    Object extension = operation.getExtensions() == null ? null : operation.getExtensions().get("x-rate-limit");
    if (!(extension instanceof Map<?, ?> map)
        || !(map.get("requests") instanceof Number requests)
        || !(map.get("period") instanceof String period)) {
      throw new IllegalStateException(
          "Operation " + operation.getOperationId() + " in " + RESOURCE + " lacks x-rate-limit {requests, period}");
    }
    return new RateLimit(requests.intValue(), Duration.parse(period));
  }

  private static String readResource() {
    ClassLoader loader = CuratedSpec.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(JSON_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(JSON_RESOURCE + " is not on the classpath; run the build (mvn test-compile) first");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + JSON_RESOURCE, e);
    }
  }
}
