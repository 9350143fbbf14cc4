package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.dispatchkit.sonorancad.OperationIndex;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stub files are as strict as the contract: each documented-exchange stub pins the exact path
 * (no query), the Bearer, Accept and Content-Type headers and the whole body, so that a request that
 * drifts in any of them is not answered by it. Also: every stub says where it comes from, and every
 * body file is used.
 */
class StubsContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  static Stream<String> mappingFiles() {
    return Stubs.mappingFiles().stream();
  }

  /** The 0.1.0 stubs with a fixed URL and a JSON body, whose strictness is checked drift by drift below. */
  static Stream<String> successMappings() {
    return mappingFiles().filter(f -> {
      JsonNode mapping = Stubs.mapping(f);
      return mapping.path("response").path("status").asInt() == 200 && mapping.path("request").has("url")
          && mapping.path("request").has("bodyPatterns");
    });
  }

  /** Every spec operation has a documented exchange, and every stub names a spec operation (or "*"). */
  @Test
  void everyOperation_hasAStub_andEveryStub_anOperation() {
    TreeSet<String> named = new TreeSet<>();
    TreeSet<String> names = new TreeSet<>();
    for (String file : Stubs.mappingFiles()) {
      JsonNode mapping = Stubs.mapping(file);
      String operationId = mapping.path("metadata").path("contract").path("operationId").asText();
      assertThat(operationId).as(file).isIn(new TreeSet<String>() {
        {
          addAll(OperationIndex.all().keySet());
          add("*");
        }
      });
      named.add(operationId);
      assertThat(names.add(mapping.path("name").asText())).as("unique name of " + file).isTrue();
    }
    assertThat(named).containsAll(OperationIndex.all().keySet());
  }

  /** Each file is a WireMock mapping with a name, its provenance and an existing body file. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mappingFiles")
  void everyStub_isAValidMapping_withItsProvenance(String file) {
    JsonNode mapping = Stubs.mapping(file);
    StubMapping parsed = StubMapping.buildFrom(mapping.toString());
    assertThat(parsed.getName()).isNotBlank();
    JsonNode contract = mapping.path("metadata").path("contract");
    assertThat(contract.path("source").asText())
        .matches("https://docs\\.sonoransoftware\\.com/cad/api-integration/api-endpoints-v2/.+|openapi/sonoran-cad-v2\\.yaml");
    assertThat(contract.path("fact").asText()).isNotBlank();
    JsonNode response = mapping.path("response");
    if (response.has("bodyFileName")) {
      assertThat(Stubs.bodyFile(response.path("bodyFileName").asText())).isNotBlank();
    }
    if (response.has("bodyFileName") || response.has("jsonBody")) {
      assertThat(response.path("headers").path("Content-Type").asText())
          .isIn("application/json", "application/problem+json");
    }
  }

  @Test
  void everyBodyFile_isUsedByAStub() {
    TreeSet<String> used = new TreeSet<>();
    Stubs.mappingFiles().forEach(f -> used.add(Stubs.mapping(f).path("response").path("bodyFileName").asText()));
    assertThat(used).containsAll(Stubs.bodyFiles());
  }

  /** The request side of each documented-exchange stub, read from the file. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("successMappings")
  void successStub_pinsMethodPathHeadersAndTheWholeBody(String file) {
    JsonNode mapping = Stubs.mapping(file);
    JsonNode request = mapping.path("request");
    String operation = mapping.path("metadata").path("contract").path("operationId").asText();
    List<String> keys = new ArrayList<>();
    request.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("request matchers").containsExactlyInAnyOrder("method", "url", "headers", "bodyPatterns");
    String url = request.path("url").asText();
    assertThat(url).doesNotContain("?");
    if (operation.equals("setUnitStatus")) {
      assertThat(request.path("method").asText()).isEqualTo("PATCH");
      assertThat(url).isEqualTo("/v2/emergency/servers/1/units/status");
    } else {
      assertThat(operation).isEqualTo("createIdentifier");
      assertThat(request.path("method").asText()).isEqualTo("POST");
      assertThat(url).isEqualTo("/v2/emergency/accounts/00000000-0000-0000-0000-000000000000/identifiers");
    }
    JsonNode headers = request.path("headers");
    List<String> headerNames = new ArrayList<>();
    headers.fieldNames().forEachRemaining(headerNames::add);
    assertThat(headerNames).containsExactlyInAnyOrder("Authorization", "Accept", "Content-Type");
    Pattern bearer = Pattern.compile(headers.path("Authorization").path("matches").asText());
    assertThat(bearer.matcher("Bearer some-api-key").matches()).isTrue();
    assertThat(bearer.matcher("Basic dXNlcjpwYXNz").matches()).isFalse();
    assertThat(bearer.matcher("Bearer ").matches()).isFalse();
    assertThat(headers.path("Accept").path("contains").asText()).isEqualTo(Stubs.ACCEPT_CONTAINS);
    assertThat(headers.path("Content-Type").path("matches").asText()).isEqualTo(Stubs.CONTENT_TYPE_PATTERN);
    JsonNode bodyPatterns = request.path("bodyPatterns");
    assertThat(bodyPatterns).hasSize(1);
    JsonNode body = bodyPatterns.get(0);
    assertThat(body.path("equalToJson").isObject()).isTrue();
    assertThat(body.path("ignoreExtraElements").isBoolean() && !body.path("ignoreExtraElements").asBoolean())
        .as("ignoreExtraElements: false").isTrue();
    assertThat(body.path("ignoreArrayOrder").isBoolean() && !body.path("ignoreArrayOrder").asBoolean())
        .as("ignoreArrayOrder: false").isTrue();
    assertThat(mapping.path("response").path("status").asInt()).isEqualTo(200);
    assertThat(mapping.path("response").path("headers").path("Content-Type").asText()).isEqualTo("application/json");
  }

  /** One way a request can drift from the documented one. */
  static final class Drift {
    final String name;
    final Consumer<Map<String, String>> headers;
    final Consumer<ObjectNode> body;
    final String query;
    final String method;

    Drift(String name, Consumer<Map<String, String>> headers, Consumer<ObjectNode> body, String query, String method) {
      this.name = name;
      this.headers = headers;
      this.body = body;
      this.query = query;
      this.method = method;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Drift header(String name, Consumer<Map<String, String>> change) {
    return new Drift(name, change, b -> { }, "", null);
  }

  private static Drift body(String name, Consumer<ObjectNode> change) {
    return new Drift(name, h -> { }, change, "", null);
  }

  static Stream<Drift> drifts() {
    return Stream.of(
        header("no Authorization", h -> h.remove("Authorization")),
        header("Basic instead of Bearer", h -> h.put("Authorization", "Basic dXNlcjpwYXNz")),
        header("no Accept", h -> h.remove("Accept")),
        header("Accept */*", h -> h.put("Accept", "*/*")),
        header("no Content-Type", h -> h.remove("Content-Type")),
        header("Content-Type text/plain", h -> h.put("Content-Type", "text/plain; charset=UTF-8")),
        body("an extra property", b -> b.put("extra", true)),
        body("a property missing", b -> {
          Iterator<String> names = b.fieldNames();
          if (names.hasNext()) {
            b.remove(names.next());
          } else {
            b.put("status", 0);
          }
        }),
        body("a value changed", b -> {
          Iterator<String> names = b.fieldNames();
          if (names.hasNext()) {
            b.put(names.next(), "changed");
          } else {
            b.put("unitNum", "NEW UNIT");
          }
        }),
        new Drift("a query string", h -> { }, b -> { }, "?serverId=1", null),
        new Drift("another method", h -> { }, b -> { }, "", "PUT"));
  }

  static Stream<Arguments> successMappingsTimesDrifts() {
    return successMappings().flatMap(file -> drifts().map(drift -> Arguments.of(file, drift)));
  }

  /** The example request, drifted in one way, is not answered by the documented-exchange stub. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("successMappingsTimesDrifts")
  void driftedRequest_isNotAnsweredByTheStub(String file, Drift drift) {
    JsonNode mapping = Stubs.mapping(file);
    JsonNode request = mapping.path("request");
    Map<String, String> headers = new LinkedHashMap<>(RawHttp.documentedHeaders(Stubs.uniqueKey()));
    drift.headers.accept(headers);
    ObjectNode body = request.path("bodyPatterns").get(0).path("equalToJson").deepCopy();
    drift.body.accept(body);
    String method = drift.method != null ? drift.method : request.path("method").asText();

    // Sanity: undrifted, the same request is answered by the stub.
    RawHttp.send(wm.baseUrl(), request.path("method").asText(), request.path("url").asText(),
        RawHttp.documentedHeaders(Stubs.uniqueKey()), request.path("bodyPatterns").get(0).path("equalToJson").toString());
    RawHttp.send(wm.baseUrl(), method, request.path("url").asText() + drift.query, headers, body.toString());

    List<ServeEvent> served = wm.served();
    assertThat(served).hasSize(2);
    assertThat(stubName(served.get(0))).as("undrifted").isEqualTo(mapping.path("name").asText());
    assertThat(stubName(served.get(1))).as(drift.name).isNotEqualTo(mapping.path("name").asText());
    wm.forgetExchanges();
  }

  private static String stubName(ServeEvent event) {
    return event.getWasMatched() ? event.getStubMapping().getName() : null;
  }
}
