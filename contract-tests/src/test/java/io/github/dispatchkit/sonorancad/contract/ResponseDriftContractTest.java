package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.JsonValue;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.PackagedSpec;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.InvalidPropertyException;
import io.github.dispatchkit.sonorancad.internal.Json;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serves every operation's documented response (the spec's example) drifted one property at a time,
 * the way a server that no longer matches its pages would answer, and calls the operation through
 * the public API with the default, tolerant client. The drifts: a property missing, null, an integer
 * as a string, a boolean as 0/1, an object as a one-element array and an array as its lone item, a
 * string replaced by an undocumented value (an unknown enumeration value, a malformed UUID), a value
 * of a type that cannot be coerced, and an unknown property. Spec-driven: a new operation is covered
 * with no edit (its arguments come from its documented 2xx exchange under {@code stubs/}).
 *
 * <p>A drift passes when the call succeeds, everything else of the response re-encodes exactly as
 * sent (so no other property and no list item was lost, and unknown properties were kept), and the
 * drifted property's accessor returns a value or throws {@link InvalidPropertyException}, never
 * anything else. The rate is printed and must be at least 95%.
 */
class ResponseDriftContractTest {
  private static WireMockServer server;

  @TempDir
  static Path temp;

  @BeforeAll
  static void start() {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  @Timeout(600)
  void atLeast95PercentOfDriftedResponsesDecodeWithEverythingElseIntact() throws Exception {
    int passed = 0;
    List<String> failures = new ArrayList<>();
    Map<String, int[]> byKind = new LinkedHashMap<>();
    FakeTime time = new FakeTime();
    try (SonoranCadClient client = SonoranCadClient.builder()
        .apiKey("drift-" + UUID.randomUUID())
        .baseUrl("http://127.0.0.1:" + server.port())
        .clock(time)
        .sleeper(time)
        .maxRetries(0)
        .build()) {
      for (PackagedSpec.PathOperation spec : PackagedSpec.operations()) {
        JsonNode documented = documentedResponse(spec);
        JsonNode exchange = exchange(spec.id());
        if (documented == null || exchange == null || !(documented.isObject() || documented.isArray())) {
          continue; // no body to drift (Create Custom Dispatch Call documents none)
        }
        OperationIndex.Entry operation = OperationIndex.of(spec.id());
        Method method = operation.method();
        Object[] arguments = DocumentedExchangeContractTest.arguments(operation, method, exchange.path("request"), temp);
        for (Mutation mutation : mutations(documented)) {
          String outcome = check(client, operation, method, arguments, mutation);
          int[] counts = byKind.computeIfAbsent(mutation.kind, kind -> new int[2]);
          counts[1]++;
          if (outcome == null) {
            passed++;
            counts[0]++;
          } else {
            failures.add(spec.id() + " " + mutation.kind + " " + mutation.path + ": " + outcome);
          }
        }
      }
    }
    int total = passed + failures.size();
    System.out.printf("ResponseDriftContractTest: %d of %d drifted responses decode with everything else intact (%.1f%%)%n",
        passed, total, 100.0 * passed / total);
    byKind.forEach((kind, counts) -> System.out.printf("  %-20s %d/%d%n", kind, counts[0], counts[1]));
    failures.stream().limit(40).forEach(failure -> System.out.println("  not tolerated: " + failure));
    assertThat(total).as("drifted responses tried").isGreaterThan(800);
    assertThat(passed).as("drifted responses tolerated; first failures: %s", failures.stream().limit(5).toList())
        .isGreaterThanOrEqualTo((int) Math.ceil(total * 0.95));
  }

  /** Returns null when the drift was tolerated, else why not. */
  private static String check(SonoranCadClient client, OperationIndex.Entry operation, Method method, Object[] arguments,
      Mutation mutation) {
    server.resetMappings();
    server.stubFor(any(anyUrl())
        .willReturn(Stubs.json(200, mutation.body.toString())));
    Object result;
    try {
      result = method.invoke(operation.service(client), arguments);
    } catch (InvocationTargetException e) {
      return "call failed: " + e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    JsonNode reencoded;
    try {
      reencoded = Stubs.JSON.readTree(Json.MOSHI.adapter(method.getGenericReturnType()).toJson(result));
    } catch (Exception e) {
      return "re-encoding failed: " + e;
    }
    String lost = difference(reencoded, mutation.body, "$", mutation.path);
    if (lost != null) {
      return "not intact: " + lost;
    }
    return accessor(result, mutation);
  }

  /** Reads the drifted property through its typed accessor: a value or InvalidPropertyException. */
  private static String accessor(Object result, Mutation mutation) {
    List<String> segments = segments(mutation.path);
    Object owner = result;
    for (int i = 0; i < segments.size() - 1; i++) {
      owner = step(owner, segments.get(i));
      if (owner == null) {
        return "cannot reach " + segments.get(i) + " of " + mutation.path;
      }
    }
    String last = segments.get(segments.size() - 1);
    if (owner instanceof Map) {
      return null; // a free-form map (metaData): any key is its own; what was kept is checked above
    }
    if (mutation.kind.equals("unknown property")) {
      Map<?, ?> additional = (Map<?, ?>) invoke(owner, "additionalProperties");
      return additional.containsKey(last) && additional.get(last) instanceof JsonValue ? null
          : "unknown property not in additionalProperties(): " + additional;
    }
    try {
      step(owner, last);
      return null;
    } catch (InvalidPropertyException expected) {
      return expected.getMessage().contains(last) ? null : "exception does not name " + last + ": " + expected.getMessage();
    } catch (RuntimeException e) {
      return "accessor threw " + e;
    }
  }

  private static Object step(Object owner, String segment) {
    if (owner instanceof Map) {
      return ((Map<?, ?>) owner).get(segment);
    }
    if (segment.startsWith("[")) {
      List<?> list = (List<?>) owner;
      int index = Integer.parseInt(segment.substring(1, segment.length() - 1));
      return index < list.size() ? list.get(index) : null;
    }
    for (Method method : owner.getClass().getMethods()) {
      if (method.getParameterCount() == 0 && !method.getName().startsWith("_")
          && normalise(method.getName()).equals(normalise(segment))) {
        return invoke(owner, method.getName());
      }
    }
    throw new AssertionError(owner.getClass().getSimpleName() + " has no accessor for " + segment);
  }

  private static Object invoke(Object owner, String name) {
    try {
      return owner.getClass().getMethod(name).invoke(owner);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String normalise(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
  }

  /** Splits {@code $.a[0].b} into {@code a}, {@code [0]}, {@code b}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\.([^.\\[]+)|(\\[\\d+])").matcher(path);
    while (matcher.find()) {
      segments.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return segments;
  }

  /**
   * Returns where {@code actual} differs from {@code sent} outside {@code skip}, or null: numbers by
   * value, a sent null equals an absent property, a lone sent object equals a one-element array.
   */
  private static String difference(JsonNode actual, JsonNode sent, String path, String skip) {
    if (path.equals(skip)) {
      return null;
    }
    if (sent.isNull()) {
      return actual == null || actual.isNull() || actual.isMissingNode() ? null : path + " is not null";
    }
    if (actual == null || actual.isMissingNode()) {
      return path + " is missing";
    }
    if (sent.isObject() && actual.isArray() && actual.size() == 1) {
      return difference(actual.get(0), sent, path, skip);
    }
    if (sent.isObject()) {
      if (!actual.isObject()) {
        return path + " is not an object";
      }
      for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) sent::fields) {
        String lost = difference(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey(), skip);
        if (lost != null) {
          return lost;
        }
      }
      return null;
    }
    if (sent.isArray()) {
      if (!actual.isArray() || actual.size() != sent.size()) {
        return path + " has " + actual.size() + " items, not " + sent.size();
      }
      for (int i = 0; i < sent.size(); i++) {
        String lost = difference(actual.get(i), sent.get(i), path + "[" + i + "]", skip);
        if (lost != null) {
          return lost;
        }
      }
      return null;
    }
    if (sent.isNumber()) {
      return actual.isNumber() && actual.decimalValue().compareTo(sent.decimalValue()) == 0 ? null : path + " changed";
    }
    return actual.equals(sent) ? null : path + " changed from " + sent + " to " + actual;
  }

  /** One drifted response. */
  private static final class Mutation {
    final String kind;
    final String path;
    final JsonNode body;

    Mutation(String kind, String path, JsonNode body) {
      this.kind = kind;
      this.path = path;
      this.body = body;
    }
  }

  /** Every drift of every property of {@code documented}: each object's properties, lists through their first item. */
  private static List<Mutation> mutations(JsonNode documented) {
    List<Mutation> mutations = new ArrayList<>();
    collect(documented, documented, "$", new ArrayList<>(), mutations);
    return mutations;
  }

  private static void collect(JsonNode root, JsonNode node, String path, List<Object> location, List<Mutation> out) {
    if (node.isArray()) {
      if (node.size() > 0) {
        location.add(0);
        collect(root, node.get(0), path + "[0]", location, out);
        location.remove(location.size() - 1);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    out.add(mutate(root, location, "unknown property", path + ".driftAdded",
        object -> ((ObjectNode) object).set("driftAdded", Stubs.JSON.createObjectNode().put("added", 1))));
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = node.get(name);
      String at = path + "." + name;
      out.add(mutate(root, location, "missing", at, object -> ((ObjectNode) object).remove(name)));
      if (!value.isNull()) {
        out.add(mutate(root, location, "null", at, object -> ((ObjectNode) object).putNull(name)));
      }
      if (value.isIntegralNumber()) {
        out.add(mutate(root, location, "integer as string", at, object -> ((ObjectNode) object).put(name, value.asText())));
      }
      if (value.isBoolean()) {
        out.add(mutate(root, location, "boolean as 0/1", at, object -> ((ObjectNode) object).put(name, value.asBoolean() ? 1 : 0)));
      }
      if (value.isObject()) {
        out.add(mutate(root, location, "object as array", at,
            object -> ((ObjectNode) object).set(name, JsonNodeFactory.instance.arrayNode().add(value.deepCopy()))));
      }
      if (value.isArray() && value.size() > 0) {
        out.add(mutate(root, location, "array as lone item", at, object -> ((ObjectNode) object).set(name, value.get(0).deepCopy())));
      }
      if (value.isTextual()) {
        out.add(mutate(root, location, "unknown value", at, object -> ((ObjectNode) object).put(name, "SOMETHING_NEW")));
      }
      out.add(mutate(root, location, "uncoercible", at, object -> ((ObjectNode) object).set(name,
          value.isObject() || value.isArray() ? JsonNodeFactory.instance.textNode("x")
              : Stubs.JSON.createObjectNode().put("x", new BigDecimal("1.5")))));
      location.add(name);
      collect(root, value, at, location, out);
      location.remove(location.size() - 1);
    }
  }

  private static Mutation mutate(JsonNode root, List<Object> location, String kind, String path, UnaryOperator<JsonNode> change) {
    JsonNode copy = root.deepCopy();
    JsonNode target = copy;
    for (Object step : location) {
      target = step instanceof Integer ? ((ArrayNode) target).get((Integer) step) : target.get((String) step);
    }
    change.apply(target);
    return new Mutation(kind, path, copy);
  }

  /** The spec's example of the operation's 2xx JSON response, or null. */
  private static JsonNode documentedResponse(PackagedSpec.PathOperation spec) {
    for (Map.Entry<String, ApiResponse> response : spec.operation.getResponses().entrySet()) {
      if (response.getKey().startsWith("2") && response.getValue().getContent() != null) {
        MediaType json = response.getValue().getContent().get("application/json");
        if (json != null && json.getExample() != null) {
          return Stubs.JSON.valueToTree(json.getExample());
        }
      }
    }
    return null;
  }

  /** The first documented 2xx exchange of {@code operationId} under {@code stubs/}, or null. */
  private static JsonNode exchange(String operationId) {
    return DocumentedExchangeContractTest.documentedExchanges()
        .map(Stubs::mapping)
        .filter(mapping -> mapping.path("metadata").path("contract").path("operationId").asText().equals(operationId))
        .findFirst().orElse(null);
  }
}
