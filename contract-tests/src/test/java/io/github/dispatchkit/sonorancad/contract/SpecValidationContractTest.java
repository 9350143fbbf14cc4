package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.contract.ContractServer.Finding;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stubs themselves against {@code openapi/sonoran-cad-v2.yaml}, and the validator's teeth: a
 * stub or a request that drifts from the spec is reported.
 *
 * <p>Every other contract test is validated the same way after each test by {@link ContractServer};
 * this class shows that this check is not vacuous.
 */
class SpecValidationContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  /**
   * The stubs replayed here by raw HTTP: those with a fixed {@code url} (the error and fault stubs and
   * the 0.1.0 exchanges). Stubs with {@code urlPath}, query and multipart matchers are replayed through
   * the client, and validated the same way, by {@link DocumentedExchangeContractTest}.
   */
  static Stream<String> mappingFiles() {
    return Stubs.mappingFiles().stream().filter(f -> Stubs.mapping(f).path("request").has("url"));
  }

  /**
   * Each stub file's example request (its strict body, or the example in its metadata) is matched by
   * that stub, and the request and the stub's response conform to the spec; a stub documenting an
   * error trigger (missing Authorization, missing status) gets exactly the violations it declares.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mappingFiles")
  void everyStubFile_matchesItsExample_andTheExchangeConformsToTheSpec(String mappingFile) {
    JsonNode mapping = Stubs.mapping(mappingFile);
    JsonNode request = mapping.path("request");
    JsonNode contract = mapping.path("metadata").path("contract");
    JsonNode example = contract.path("example");
    String method = example.path("method").asText(request.path("method").asText());
    String url = example.path("url").asText(request.path("url").asText());
    String apiKey = example.path("apiKey").asText(Stubs.uniqueKey());
    Map<String, String> headers = RawHttp.documentedHeaders(apiKey);
    example.path("omitHeaders").forEach(h -> headers.remove(h.asText()));
    JsonNode body = example.has("body") ? example.get("body") : request.path("bodyPatterns").path(0).path("equalToJson");
    assertThat(body.isMissingNode()).as("example body of " + mappingFile).isFalse();

    RawHttp.Result result = RawHttp.send(wm.baseUrl(), method, url, headers, body.toString());

    assertThat(result.status).isEqualTo(mapping.path("response").path("status").asInt());
    List<Finding> findings = wm.takeFindings();
    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.stubName).isEqualTo(mapping.path("name").asText());
    TreeSet<String> expected = new TreeSet<>();
    contract.path("expectedRequestViolations").forEach(k -> expected.add(k.asText()));
    assertThat(new TreeSet<>(finding.requestErrorKeys())).as(SpecValidator.errors(finding.requestReport))
        .isEqualTo(expected);
    assertThat(finding.responseErrorKeys()).as(SpecValidator.errors(finding.responseReport)).isEmpty();
    assertThat(finding.problems()).isEmpty();
  }

  /** Responses that drift from the spec, as a stub would after a careless edit. */
  static Stream<Arguments> driftedResponses() {
    return Stream.of(
        Arguments.of("updated as a string", Operation.SET_UNIT_STATUS,
            Stubs.json(200, "{\"updated\":\"1\",\"status\":\"ENROUTE\"}"), "validation.response.body.schema.type"),
        Arguments.of("status name as an integer", Operation.SET_UNIT_STATUS,
            Stubs.json(200, "{\"updated\":1,\"status\":3}"), "validation.response.body.schema.type"),
        Arguments.of("updated missing", Operation.SET_UNIT_STATUS,
            Stubs.json(200, "{\"status\":\"ENROUTE\"}"), "validation.response.body.schema.required"),
        Arguments.of("identId missing", Operation.CREATE_IDENTIFIER,
            Stubs.json(200, "{}"), "validation.response.body.schema.required"),
        Arguments.of("identId renamed identID", Operation.CREATE_IDENTIFIER,
            Stubs.json(200, "{\"identID\":42}"), "validation.response.body.schema.required"),
        Arguments.of("identId as a string", Operation.CREATE_IDENTIFIER,
            Stubs.json(200, "{\"identId\":\"42\"}"), "validation.response.body.schema.type"),
        Arguments.of("text/plain instead of application/json", Operation.CREATE_IDENTIFIER,
            WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("42"),
            "validation.response.contentType.notAllowed"),
        Arguments.of("undocumented status 418", Operation.SET_UNIT_STATUS,
            Stubs.json(418, "{}"), "validation.response.status.unknown"),
        Arguments.of("problem status as a string", Operation.CREATE_IDENTIFIER,
            WireMock.aResponse().withStatus(404).withHeader("Content-Type", Stubs.PROBLEM_JSON)
                .withBody("{\"title\":\"Not Found\",\"status\":\"404\"}"),
            "validation.response.body.schema.type"),
        Arguments.of("429 body with request_id as a number", Operation.SET_UNIT_STATUS,
            Stubs.json(429, "{\"message\":\"API rate limit exceeded\",\"request_id\":9457}"),
            "validation.response.body.schema.type"));
  }

  /** A stub answering the client with a drifted body is reported, whatever the client made of it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("driftedResponses")
  void driftedStubResponse_isReported(
      String drift, Operation operation, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response,
      String expectedKey) {
    wm.server().stubFor(operation.anyRequest().willReturn(response));
    try (SonoranCadClient client = wm.client(Stubs.uniqueKey(), new FakeTime()).maxRetries(0).build()) {
      catchThrowable(() -> operation.call(client));
    }

    List<Finding> findings = wm.takeFindings();
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).requestErrorKeys()).as("the client's request is fine").isEmpty();
    assertThat(findings.get(0).responseErrorKeys()).contains(expectedKey);
    assertThat(findings.get(0).problems()).as("what the after-test check would report").isNotEmpty();
  }

  /** {@code "updated":"1"} drifts from the spec: the client rejects it, and the spec check reports it. */
  @Test
  void updatedAsString_isCaughtByTheClientAndTheSpecCheck() {
    wm.server().stubFor(Operation.SET_UNIT_STATUS.anyRequest()
        .willReturn(Stubs.json(200, "{\"updated\":\"1\",\"status\":\"ENROUTE\"}")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(Stubs.uniqueKey(), new FakeTime()).build()) {
      thrown = catchThrowable(() -> Operation.SET_UNIT_STATUS.call(client));
    }

    List<Finding> findings = wm.takeFindings();
    assertThat(findings).singleElement()
        .satisfies(f -> assertThat(f.responseErrorKeys()).contains("validation.response.body.schema.type"));
    assertThat(thrown).isInstanceOf(InvalidResponseException.class);
  }

  /** Requests that drift from the spec, sent raw (the client cannot build most of them). */
  static Stream<Arguments> driftedRequests() {
    String sus = Stubs.setUnitStatusPath(1);
    String ci = Stubs.createIdentifierPath(Stubs.EXAMPLE_ACCOUNT);
    return Stream.of(
        Arguments.of("communityUserIds as a string (the docs' YAML typo)", "PATCH", sus, null,
            "{\"communityUserIds\":\"player-1234\",\"status\":3}", "validation.request.body.schema.type"),
        Arguments.of("communityUserIds renamed communityUserIDs", "PATCH", sus, null,
            "{\"communityUserIDs\":[\"player-1234\"],\"status\":3}", "validation.request.body.schema.additionalProperties"),
        Arguments.of("status 5, not a UNIT_STATUS", "PATCH", sus, null,
            "{\"communityUserIds\":[\"player-1234\"],\"status\":5}", "validation.request.body.schema.enum"),
        Arguments.of("status missing", "PATCH", sus, null,
            "{\"communityUserIds\":[\"player-1234\"]}", "validation.request.body.schema.required"),
        Arguments.of("no target", "PATCH", sus, null,
            "{\"status\":3}", "validation.request.body.schema.anyOf"),
        Arguments.of("roblox as a string", "PATCH", sus, null,
            "{\"roblox\":\"123456789\",\"status\":3}", "validation.request.body.schema.type"),
        Arguments.of("identIds of strings", "PATCH", sus, null,
            "{\"identIds\":[\"42\"],\"status\":3}", "validation.request.body.schema.type"),
        Arguments.of("accountUuid not a UUID", "PATCH", sus, null,
            "{\"accountUuid\":\"not-a-uuid\",\"status\":3}", "validation.request.body.schema.format.uuid"),
        Arguments.of("a query string", "PATCH", sus + "?serverId=1", null,
            Stubs.SET_UNIT_STATUS_EXAMPLE, "validation.request.parameter.query.unexpected"),
        Arguments.of("no Authorization header", "PATCH", sus, "Authorization",
            Stubs.SET_UNIT_STATUS_EXAMPLE, "validation.request.security.missing"),
        Arguments.of("serverId not an integer", "PATCH", "/v2/emergency/servers/one/units/status", null,
            Stubs.SET_UNIT_STATUS_EXAMPLE, "validation.request.parameter.schema.type"),
        Arguments.of("POST instead of PATCH", "POST", sus, null,
            Stubs.SET_UNIT_STATUS_EXAMPLE, "validation.request.operation.notAllowed"),
        Arguments.of("accountUuid path parameter not a UUID", "POST",
            "/v2/emergency/accounts/not-a-uuid/identifiers", null, "{}", "validation.request.parameter.schema.format.uuid"),
        Arguments.of("page 7, not a UNIT_PAGE", "POST", ci, null,
            "{\"page\":7}", "validation.request.body.schema.enum"),
        Arguments.of("isDispatch as a string", "POST", ci, null,
            "{\"isDispatch\":\"false\"}", "validation.request.body.schema.type"),
        Arguments.of("unitNum as a number", "POST", ci, null,
            "{\"unitNum\":10}", "validation.request.body.schema.type"),
        Arguments.of("status -1, a UNIT_PAGE value but not a UNIT_STATUS", "POST", ci, null,
            "{\"status\":-1}", "validation.request.body.schema.enum"),
        Arguments.of("PATCH instead of POST", "PATCH", ci, null,
            "{}", "validation.request.operation.notAllowed"));
  }

  /** A drifted request is reported by the validator, and no documented stub answers it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("driftedRequests")
  void driftedRequest_isReported_andMatchesNoDocumentedStub(
      String drift, String method, String path, String omitHeader, String body, String expectedKey) {
    Map<String, String> headers = RawHttp.documentedHeaders(Stubs.uniqueKey());
    if (omitHeader != null) {
      headers.remove(omitHeader);
    }

    RawHttp.send(wm.baseUrl(), method, path, headers, body);

    List<Finding> findings = wm.takeFindings();
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).requestErrorKeys()).as(SpecValidator.errors(findings.get(0).requestReport))
        .contains(expectedKey);
    List<String> successStubs = new ArrayList<>();
    for (String file : Stubs.mappingFiles()) {
      if (Stubs.mapping(file).path("response").path("status").asInt() == 200) {
        successStubs.add(Stubs.mappingName(file));
      }
    }
    assertThat(successStubs).doesNotContain(findings.get(0).stubName);
  }
}
