package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.Upload;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.internal.Json;
import io.github.dispatchkit.sonorancad.sandbox.CuratedSpec;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every documented exchange under {@code contract-tests/stubs} through the real client, with no
 * per-operation code: the call's arguments come from the mapping (path parameters from its URL, query
 * parameters from {@code queryParameters}, the body from {@code equalToJson}, form fields from
 * {@code multipartPatterns}), the generated method is found by the mapping's operationId, and then:
 * the request was answered by this very mapping (so it is the documented one), the exchange
 * validates against the spec ({@link ContractServer}), and the decoded response re-encodes to the
 * stub's body with no documented field lost.
 */
class DocumentedExchangeContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  @TempDir
  Path temp;

  /** Mappings of a spec operation answering 2xx: the exchanges a client call reproduces. */
  static Stream<String> documentedExchanges() {
    return Stubs.mappingFiles().stream().filter(file -> {
      JsonNode mapping = Stubs.mapping(file);
      int status = mapping.path("response").path("status").asInt();
      String operationId = mapping.path("metadata").path("contract").path("operationId").asText();
      return status >= 200 && status < 300 && OperationIndex.all().containsKey(operationId);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedExchanges")
  void theClientReproducesTheExchange(String file) throws Exception {
    JsonNode mapping = Stubs.mapping(file);
    OperationIndex.Entry operation = OperationIndex.of(
        mapping.path("metadata").path("contract").path("operationId").asText());
    Method method = operation.method();
    Object result;
    try (SonoranCadClient client = wm.client("contract-" + UUID.randomUUID(), new FakeTime()).build()) {
      Object[] arguments = arguments(operation, method, mapping.path("request"), temp);
      try {
        result = method.invoke(operation.service(client), arguments);
      } catch (InvocationTargetException e) {
        throw new AssertionError(operation + " failed on " + file, e.getCause());
      }
    }

    List<ServeEvent> served = wm.served();
    assertThat(served).as("one request").hasSize(1);
    assertThat(served.get(0).getWasMatched()).as("answered by a stub").isTrue();
    assertThat(StubMapping.buildFrom(mapping.toString()).getRequest().match(served.get(0).getRequest()).isExactMatch())
        .as("the request matches this mapping exactly, so it is the documented one").isTrue();
    JsonNode documented = documentedBody(mapping.path("response"));
    if (documented != null && method.getReturnType() != void.class) {
      String reencoded = Json.MOSHI.adapter(method.getGenericReturnType()).toJson(result);
      assertSameJson(Stubs.JSON.readTree(reencoded), documented, "$");
    }
  }

  /** The arguments of {@code method} that send the request of a mapping; a file part is written under {@code temp}. */
  static Object[] arguments(OperationIndex.Entry operation, Method method, JsonNode request, Path temp) throws IOException {
    String url = request.has("urlPath") ? request.path("urlPath").asText() : request.path("url").asText();
    Map<String, String> pathValues = CuratedSpec.packaged().routes().stream()
        .filter(route -> route.operationId().equals(operation.spec.id()))
        .map(route -> route.match(url.replaceFirst("\\?.*", "")))
        .findFirst().orElse(null);
    assertThat(pathValues).as(url + " is a path of " + operation).isNotNull();
    // The path parameters come first, named as in the path (the build compiles with -parameters).
    List<String> pathNames = new ArrayList<>();
    for (int i = 0; i < pathValues.size(); i++) {
      pathNames.add(method.getParameters()[i].getName());
    }
    Class<?>[] types = method.getParameterTypes();
    Type[] generic = method.getGenericParameterTypes();
    Object[] arguments = new Object[types.length];
    int index = 0;
    for (String name : pathNames) {
      arguments[index] = convert(pathValues.get(name), types[index]);
      index++;
    }
    for (; index < types.length; index++) {
      Class<?> type = types[index];
      if (type.getSimpleName().endsWith("Params")) {
        arguments[index] = params(type, request.path("queryParameters"));
      } else if (request.has("bodyPatterns")) {
        JsonNode body = request.path("bodyPatterns").get(0).path("equalToJson");
        String json = body.isTextual() ? body.asText() : body.toString();
        arguments[index] = Json.MOSHI.adapter(generic[index]).fromJson(json);
      } else if (request.has("multipartPatterns")) {
        arguments[index] = form(type, request.path("multipartPatterns"), temp);
      }
    }
    return arguments;
  }

  /** The generated form of a multipart operation, with each part the stub's request carries. */
  private static Object form(Class<?> type, JsonNode patterns, Path temp) throws IOException {
    try {
      Object builder = type.getMethod("builder").invoke(null);
      for (JsonNode pattern : patterns) {
        String disposition = pattern.path("headers").path("Content-Disposition").toString();
        Matcher name = Pattern.compile("name=\\\\\"([^\\\\\"]+)").matcher(disposition);
        if (!name.find()) {
          continue;
        }
        Method setter = setter(builder.getClass(), name.group(1));
        Class<?> part = setter.getParameterTypes()[0];
        if (part == Upload.class) {
          Path recording = temp.resolve("recording.webm");
          Files.write(recording, new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3});
          setter.invoke(builder, Upload.of(recording, "video/webm"));
        } else if (pattern.has("bodyPatterns")) {
          setter.invoke(builder, convert(pattern.path("bodyPatterns").get(0).path("equalTo").asText(), part));
        }
      }
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + type.getSimpleName() + " from " + patterns, e);
    }
  }

  private static Object params(Class<?> type, JsonNode query) {
    try {
      Object builder = type.getMethod("builder").invoke(null);
      for (Iterator<Map.Entry<String, JsonNode>> i = query.fields(); i.hasNext(); ) {
        Map.Entry<String, JsonNode> parameter = i.next();
        Method setter = setter(builder.getClass(), parameter.getKey());
        setter.invoke(builder, convert(parameter.getValue().path("equalTo").asText(), setter.getParameterTypes()[0]));
      }
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + type.getSimpleName() + " from " + query, e);
    }
  }

  private static Method setter(Class<?> builder, String queryName) {
    for (Method method : builder.getMethods()) {
      if (method.getParameterCount() == 1 && normalise(method.getName()).equals(normalise(queryName))) {
        return method;
      }
    }
    throw new AssertionError(builder.getName() + " has no setter for query parameter " + queryName);
  }

  private static String normalise(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
  }

  private static Object convert(String text, Class<?> type) {
    if (text == null) {
      return null;
    }
    try {
      if (type == String.class) {
        return text;
      } else if (type == Integer.class) {
        return Integer.valueOf(text);
      } else if (type == Long.class) {
        return Long.valueOf(text);
      } else if (type == Boolean.class) {
        return Boolean.valueOf(text);
      } else if (type == Double.class) {
        return Double.valueOf(text);
      } else if (type == UUID.class) {
        return UUID.fromString(text);
      }
      // A generated open enumeration: its JSON value.
      return Json.MOSHI.adapter(type).fromJson(text.matches("-?\\d+") ? text : "\"" + text + "\"");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode documentedBody(JsonNode response) throws IOException {
    if (response.has("jsonBody")) {
      return response.path("jsonBody");
    }
    if (response.has("bodyFileName")) {
      return Stubs.bodyFileJson(response.path("bodyFileName").asText());
    }
    return null;
  }

  /**
   * Every documented field is in the re-encoded response with the same value: numbers compare by
   * value, a documented null equals an absent property, and a lone documented item equals the
   * one-element array the client decoded it into (the spec's {@code x-accept-single}).
   */
  private static void assertSameJson(JsonNode actual, JsonNode documented, String path) {
    if (documented.isNull()) {
      assertThat(actual == null || actual.isNull() || actual.isMissingNode()).as(path + " is null").isTrue();
      return;
    }
    assertThat(actual).as(path + " is present").isNotNull();
    if (documented.isObject() && actual.isArray() && actual.size() == 1) {
      assertSameJson(actual.get(0), documented, path + "[0]");
    } else if (documented.isObject()) {
      assertThat(actual.isObject()).as(path + " is an object").isTrue();
      documented.fields().forEachRemaining(field ->
          assertSameJson(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey()));
    } else if (documented.isArray()) {
      assertThat(actual.isArray()).as(path + " is an array").isTrue();
      assertThat(actual.size()).as(path + " size").isEqualTo(documented.size());
      for (int i = 0; i < documented.size(); i++) {
        assertSameJson(actual.get(i), documented.get(i), path + "[" + i + "]");
      }
    } else if (documented.isNumber()) {
      assertThat(actual.isNumber()).as(path + " is a number").isTrue();
      assertThat(actual.decimalValue()).as(path).isEqualByComparingTo(documented.decimalValue());
    } else {
      assertThat(actual).as(path).isEqualTo(documented);
    }
  }
}
