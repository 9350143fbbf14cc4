package io.github.dispatchkit.sonorancad.sandbox;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's HTTP front: routes a request to its spec operation and applies the checks in a fixed order.
 *
 * <p>Before routing, the two v1 calls Sonoran.js makes at start-up are answered ({@link LegacyStartup}).
 * The order, from outside in, mirrors a gateway in front of an application:
 * <ol>
 *   <li>routing: an unknown path is 404, a known path with another method 405;
 *   <li>authentication (gateway): a missing header, another scheme or a wrong key is 401;
 *   <li>rate limit (gateway): counted per API key and operation, over authenticated requests only,
 *       so a request that later fails validation still uses a permit; over the limit is 429 with
 *       {@code Retry-After} and the gateway's JSON body;
 *   <li>validation (application): content after the JSON body, then method, path, query, headers and
 *       body against the spec, then a non-object body for an object schema: 400;
 *   <li>the operation: an unknown server ID is 404; then the operation's stateful handler, found by
 *       {@code operationId} in {@link SandboxState}, reads or changes the state (404 for an ID it does
 *       not hold), and after a change the state-change listener is told. Every operation of this
 *       project's spec has one; one added without answers its documented success example, marked with
 *       the header {@code X-Sandbox-Answer: documented example}.
 * </ol>
 */
final class SandboxHttpHandler implements HttpHandler {

  private static final String JSON = Answer.JSON;
  /** The largest request body read: a larger one is refused with 413, whatever its fields. */
  static final int MAX_REQUEST_BYTES = 4 << 20;
  /** How much of a refused body is read and dropped before answering 413. */
  private static final long MAX_DRAINED_BYTES = 64L << 20;
  /** The header marking an answer that is the spec's documented example, not the state's. */
  static final String CANNED_HEADER = "X-Sandbox-Answer";
  private static final Pattern BEARER = Pattern.compile("(?i)bearer +(.+)");

  private final CuratedSpec spec;
  private final SandboxState state;
  private final GatewayRateLimiter limiter;
  private final String apiKey;
  private final Duration rateLimitWindow;
  private final Consumer<SandboxExchange> exchangeListener;
  private final Consumer<SandboxStateChange> stateChangeListener;
  private final ObjectMapper json = new ObjectMapper();
  private final LegacyStartup legacyStartup;

  /**
   * Creates the front.
   *
   * @param rateLimitWindow replaces every operation's documented period, or null to keep them
   */
  SandboxHttpHandler(CuratedSpec spec, SandboxState state, GatewayRateLimiter limiter, String apiKey,
      Duration rateLimitWindow, Consumer<SandboxExchange> exchangeListener,
      Consumer<SandboxStateChange> stateChangeListener) {
    this.spec = spec;
    this.state = state;
    this.limiter = limiter;
    this.apiKey = apiKey;
    this.rateLimitWindow = rateLimitWindow;
    this.exchangeListener = exchangeListener;
    this.stateChangeListener = stateChangeListener;
    this.legacyStartup = new LegacyStartup(apiKey, spec.planVersion(), () -> write(state.servers()));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      Headers requestHeaders = exchange.getRequestHeaders();
      byte[] bytes = declaredLength(requestHeaders) > MAX_REQUEST_BYTES
          ? new byte[MAX_REQUEST_BYTES + 1] : exchange.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
      String requestBody = bytes.length > MAX_REQUEST_BYTES ? "" : new String(bytes, StandardCharsets.UTF_8);
      if (bytes.length > MAX_REQUEST_BYTES) {
        drain(exchange);
      }
      Answer answer;
      try {
        answer = bytes.length > MAX_REQUEST_BYTES
            ? problem(413, "The request body exceeds the sandbox's cap of " + MAX_REQUEST_BYTES + " bytes.", path)
            : answer(method, path, query, requestHeaders, requestBody, bytes);
      } catch (RuntimeException e) {
        answer = problem(500, "The sandbox failed: " + e, path);
      }
      // Reported before the response is sent, so a client that has its response sees the exchange logged.
      report(new SandboxExchange(method, path, query, redact(requestHeaders.getFirst("Authorization")), requestBody,
          answer.status(), answer.body(), answer.headers().containsKey(CANNED_HEADER)));
      byte[] responseBytes = answer.body().getBytes(StandardCharsets.UTF_8);
      Headers responseHeaders = exchange.getResponseHeaders();
      responseHeaders.set("Content-Type", answer.contentType());
      answer.headers().forEach(responseHeaders::set);
      exchange.sendResponseHeaders(answer.status(), responseBytes.length == 0 ? -1 : responseBytes.length);
      exchange.getResponseBody().write(responseBytes);
    }
  }

  /**
   * Reads and drops what remains of a body over the cap, up to {@link #MAX_DRAINED_BYTES}, so that a
   * client still sending it reads the 413 rather than a reset. Past that the connection is closed.
   */
  private static void drain(HttpExchange exchange) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    InputStream in = exchange.getRequestBody();
    for (long drained = 0; drained < MAX_DRAINED_BYTES; ) {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      drained += n;
    }
  }

  private static long declaredLength(Headers headers) {
    try {
      return Long.parseLong(String.valueOf(headers.getFirst("Content-Length")).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Answer answer(String method, String path, String query, Headers headers, String body, byte[] rawBody) {
    Optional<Answer> legacy = legacyStartup.answer(method, path, readOrNull(body));
    if (legacy.isPresent()) {
      return legacy.get();
    }
    CuratedSpec.Route route = null;
    Map<String, String> pathParameters = null;
    List<String> allowed = new ArrayList<>();
    for (CuratedSpec.Route candidate : spec.routes()) {
      Map<String, String> values = candidate.match(path);
      if (values != null) {
        allowed.add(candidate.method());
        if (candidate.method().equals(method)) {
          route = candidate;
          pathParameters = values;
        }
      }
    }
    if (allowed.isEmpty()) {
      return problem(404, "No operation at " + path + ".", path);
    }
    if (route == null) {
      String allow = String.join(", ", allowed);
      Answer problem = problem(405, method + " is not allowed on " + path + "; use " + allow + ".", path);
      return new Answer(problem.status(), problem.contentType(), problem.body(), Map.of("Allow", allow));
    }
    String operationId = route.operationId();

    if (route.authenticated()) {
      String authFailure = authenticationFailure(headers.getFirst("Authorization"));
      if (authFailure != null) {
        return problem(401, authFailure, path);
      }
    }

    CuratedSpec.RateLimit limit = spec.rateLimit(operationId);
    Duration window = rateLimitWindow != null ? rateLimitWindow : limit.period();
    GatewayRateLimiter.Decision decision = limiter.tryAcquire(apiKey + " " + operationId, limit.requests(), window);
    if (!decision.permitted()) {
      Map<String, Object> gatewayBody = new LinkedHashMap<>();
      gatewayBody.put("message", "API rate limit exceeded");
      gatewayBody.put("request_id", ProblemDetails.randomHex(16));
      return new Answer(429, JSON, write(gatewayBody),
          Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
    }

    String contentType = headers.getFirst("Content-Type");
    if (contentType != null && contentType.startsWith(JSON) && hasTrailingContent(body)) {
      // The validator's parser stops after the first JSON value; the API's does not accept what follows.
      return problem(400, "The request body has content after its JSON value.", path);
    }
    JsonNode parsed = readOrNull(body);
    boolean single = route.acceptsSingle() && parsed != null && parsed.isObject();
    // A lone item where the spec allows one (x-accepts-single) is validated as the one-element array it stands for.
    String invalid = validationFailure(route.specMethod(), path, query, headers, single ? "[" + body + "]" : body);
    List<String> formProblems = new ArrayList<>();
    ObjectNode form = route.form() == null ? null
        : route.form().read(headers.getFirst("Content-Type"), rawBody, formProblems);
    if (invalid != null || !formProblems.isEmpty()) {
      formProblems.add(0, invalid);
      return problem(400, String.join("; ", formProblems.stream().filter(Objects::nonNull).toList()), path);
    }
    if ("object".equals(route.requestType()) && !body.isBlank() && !parsed.isObject()) {
      // The validator lets a non-object through an object schema; the API's model binding would not.
      return problem(400, "The request body must be a JSON object.", path);
    }
    String serverId = pathParameters.get("serverId");
    if (serverId != null && !state.serverConfigured(Integer.parseInt(serverId))) {
      return problem(404, "Server " + serverId + " is not configured for this community.", path);
    }

    Optional<OperationHandlers.Handler> handler = state.handler(operationId);
    if (handler.isEmpty()) {
      // An operation added to the spec without a handler yet: its documented success answer, marked.
      return new Answer(route.successStatus(), JSON, route.successExample() == null ? "" : route.successExample(),
          Map.of(CANNED_HEADER, "documented example"));
    }
    OperationRequest request = new OperationRequest(operationId, pathParameters, queryOf(route, query),
        form != null ? form : body.isBlank() ? MissingNode.getInstance() : read(body));
    JsonNode response;
    try {
      response = state.handle(handler.get(), request);
    } catch (SandboxProblem e) {
      return problem(e.status(), e.getMessage(), path);
    }
    if (handler.get().changesState()) {
      reportChange(new SandboxStateChange(operationId, pathParameters, request.body().deepCopy(), response.deepCopy()));
    }
    return Answer.json(write(response));
  }

  /** The query as a handler reads it: the spec's defaults, overridden by the first value of each parameter sent. */
  private static ObjectNode queryOf(CuratedSpec.Route route, String rawQuery) {
    ObjectNode query = JsonNodeFactory.instance.objectNode();
    route.queryDefaults().forEach(query::put);
    QueryParameters.parse(rawQuery).forEach((name, values) -> query.put(name, values.get(0)));
    return query;
  }

  private String authenticationFailure(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return "Missing Authorization header.";
    }
    Matcher bearer = BEARER.matcher(authorization.trim());
    if (!bearer.matches()) {
      return "Authorization header must use the Bearer scheme.";
    }
    if (!bearer.group(1).trim().equals(apiKey)) {
      return "Invalid API key.";
    }
    return null;
  }

  private String validationFailure(String method, String path, String query, Headers headers, String body) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
    headers.forEach((name, values) -> request.withHeader(name, values));
    QueryParameters.parse(query).forEach(request::withQueryParam);
    if (!body.isEmpty()) {
      request.withBody(body);
    }
    ValidationReport report = spec.validator().validateRequest(request.build());
    return report.hasErrors() ? ValidationDetail.of(report) : null;
  }

  private static String redact(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return "(none)";
    }
    String scheme = authorization.trim().split(" +", 2)[0];
    return scheme + " ***";
  }

  private void reportChange(SandboxStateChange change) {
    try {
      stateChangeListener.accept(change);
    } catch (RuntimeException ignored) {
      // A failing listener must not break the sandbox for the client.
    }
  }

  private void report(SandboxExchange exchange) {
    try {
      exchangeListener.accept(exchange);
    } catch (RuntimeException ignored) {
      // A failing listener must not break the sandbox for the client.
    }
  }

  private Answer problem(int status, String detail, String path) {
    return new Answer(status, ProblemDetails.MEDIA_TYPE, write(ProblemDetails.of(status, detail, path).toMap()),
        Map.of());
  }

  /** Returns the body as a JSON value, or null when it is blank or malformed. */
  private JsonNode readOrNull(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Whether a well-formed JSON value is followed by anything but whitespace; a malformed body is the validator's to name. */
  private boolean hasTrailingContent(String body) {
    if (body.isBlank()) {
      return false;
    }
    try (JsonParser parser = json.createParser(body)) {
      json.readTree(parser);
      try {
        return parser.nextToken() != null;
      } catch (IOException afterTheValue) {
        return true; // such as a stray ']'
      }
    } catch (IOException malformed) {
      return false;
    }
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Validated body is not JSON", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
