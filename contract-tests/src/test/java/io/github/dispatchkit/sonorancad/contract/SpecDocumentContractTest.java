package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented facts, read straight from {@code openapi/sonoran-cad-v2.yaml} (the copy packaged in
 * the jar): a spec edit that renames a field, changes an enum value, a default, a limit or drops a
 * header fails here by name, even where the generated code would not change.
 */
class SpecDocumentContractTest {
  private static final OpenAPI SPEC = parse();

  private static OpenAPI parse() {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(SpecValidator.specText(), null, null);
    assertThat(result.getMessages()).as("spec parse messages").isEmpty();
    return result.getOpenAPI();
  }

  private static Operation setUnitStatus() {
    PathItem path = SPEC.getPaths().get("/v2/emergency/servers/{serverId}/units/status");
    assertThat(path).as("PATCH /v2/emergency/servers/{serverId}/units/status").isNotNull();
    assertThat(path.readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.PATCH);
    return path.getPatch();
  }

  private static Operation createIdentifier() {
    PathItem path = SPEC.getPaths().get("/v2/emergency/accounts/{accountUuid}/identifiers");
    assertThat(path).as("POST /v2/emergency/accounts/{accountUuid}/identifiers").isNotNull();
    assertThat(path.readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.POST);
    return path.getPost();
  }

  private static Schema<?> schema(String name) {
    Schema<?> schema = SPEC.getComponents().getSchemas().get(name);
    assertThat(schema).as("components.schemas." + name).isNotNull();
    return schema;
  }

  private static Schema<?> property(String schema, String property) {
    Schema<?> result = (Schema<?>) schema(schema).getProperties().get(property);
    assertThat(result).as(schema + "." + property).isNotNull();
    return result;
  }

  private static Parameter parameter(Parameter parameter) {
    String ref = parameter.get$ref();
    return ref == null ? parameter : SPEC.getComponents().getParameters().get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static ApiResponse response(Operation operation, String status) {
    ApiResponse response = operation.getResponses().get(status);
    assertThat(response).as("response " + status + " of " + operation.getOperationId()).isNotNull();
    String ref = response.get$ref();
    return ref == null ? response : SPEC.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  @Test
  void baseUrl_isTheDocumentedOne() {
    assertThat(SPEC.getServers()).extracting(s -> s.getUrl()).containsExactly("https://api.sonorancad.com");
  }

  @Test
  void bearerAuth_isRequiredOnBothOperations() {
    SecurityScheme bearer = SPEC.getComponents().getSecuritySchemes().get("bearerAuth");
    assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
    assertThat(bearer.getScheme()).isEqualTo("bearer");
    for (Operation operation : List.of(setUnitStatus(), createIdentifier())) {
      assertThat(operation.getSecurity()).as(operation.getOperationId())
          .singleElement().satisfies(requirement -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
    }
  }

  @Test
  void setUnitStatus_pathMethodAndServerId() {
    Operation operation = setUnitStatus();
    assertThat(operation.getOperationId()).isEqualTo("setUnitStatus");
    assertThat(operation.getParameters()).singleElement().satisfies(p -> {
      Parameter serverId = parameter(p);
      assertThat(serverId.getName()).isEqualTo("serverId");
      assertThat(serverId.getIn()).isEqualTo("path");
      assertThat(serverId.getRequired()).isTrue();
      assertThat(serverId.getSchema().getType()).isEqualTo("integer");
      assertThat(serverId.getExample()).isEqualTo(1);
    });
  }

  @Test
  void createIdentifier_pathMethodAndAccountUuid() {
    Operation operation = createIdentifier();
    assertThat(operation.getOperationId()).isEqualTo("createIdentifier");
    assertThat(operation.getParameters()).singleElement().satisfies(p -> {
      Parameter accountUuid = parameter(p);
      assertThat(accountUuid.getName()).isEqualTo("accountUuid");
      assertThat(accountUuid.getIn()).isEqualTo("path");
      assertThat(accountUuid.getRequired()).isTrue();
      assertThat(accountUuid.getSchema().getType()).isEqualTo("string");
      assertThat(accountUuid.getSchema().getFormat()).isEqualTo("uuid");
      assertThat(String.valueOf(accountUuid.getExample())).isEqualTo("00000000-0000-0000-0000-000000000000");
    });
  }

  /** Set Unit Status body: every documented property with its documented type. */
  static Stream<Arguments> setUnitStatusProperties() {
    return Stream.of(
        Arguments.of("communityUserId", "string", null, null),
        Arguments.of("communityUserIds", "array", null, "string"),
        Arguments.of("roblox", "integer", null, null),
        Arguments.of("discord", "string", null, null),
        Arguments.of("accountUuid", "string", "uuid", null),
        Arguments.of("identIds", "array", null, "integer"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("setUnitStatusProperties")
  void setUnitStatus_property(String name, String type, String format, String itemType) {
    Schema<?> property = property("SetUnitStatusRequest", name);
    assertThat(property.getType()).isEqualTo(type);
    if (format != null) {
      assertThat(property.getFormat()).isEqualTo(format);
    }
    if (itemType != null) {
      assertThat(property.getItems().getType()).isEqualTo(itemType);
    }
  }

  @Test
  void setUnitStatus_statusIsTheRequiredUnitStatus_andAtLeastOneTargetIsRequired() {
    Schema<?> request = schema("SetUnitStatusRequest");
    assertThat(request.getProperties()).containsOnlyKeys(
        "communityUserId", "communityUserIds", "roblox", "discord", "accountUuid", "identIds", "status");
    assertThat(request.getRequired()).containsExactly("status");
    assertThat(property("SetUnitStatusRequest", "status").get$ref()).isEqualTo("#/components/schemas/UnitStatus");
    assertThat(request.getAdditionalProperties()).isEqualTo(false);
    List<?> anyOf = request.getAnyOf();
    assertThat(anyOf.stream().map(s -> ((Schema<?>) s).getRequired()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder(List.of("communityUserId"), List.of("communityUserIds"), List.of("roblox"),
            List.of("discord"), List.of("accountUuid"), List.of("identIds"));
  }

  @Test
  void unitStatus_documentedValuesAndNames() {
    Schema<?> status = schema("UnitStatus");
    assertThat(status.getType()).isEqualTo("integer");
    assertThat(List.copyOf(status.getEnum())).isEqualTo(List.of(0, 1, 2, 3, 4, 100));
    assertThat(status.getExtensions().get("x-enum-varnames"))
        .isEqualTo(List.of("UNAVAILABLE", "BUSY", "AVAILABLE", "ENROUTE", "ON_SCENE", "OFFLINE"));
  }

  @Test
  void unitPage_documentedValuesAndNames() {
    Schema<?> page = schema("UnitPage");
    assertThat(page.getType()).isEqualTo("integer");
    assertThat(List.copyOf(page.getEnum())).isEqualTo(List.of(0, 1, 2, 3, -1));
    assertThat(page.getExtensions().get("x-enum-varnames"))
        .isEqualTo(List.of("POLICE", "FIRE", "EMS", "DISPATCH", "UNKNOWN"));
  }

  /** Create Identifier body: every documented property, its type and its server default. */
  static Stream<Arguments> createIdentifierProperties() {
    return Stream.of(
        Arguments.of("status", "#/components/schemas/UnitStatus", 0),
        Arguments.of("aop", "string", ""),
        Arguments.of("unitNum", "string", "NEW UNIT"),
        Arguments.of("name", "string", "NO NAME"),
        Arguments.of("district", "string", "NOT SET"),
        Arguments.of("department", "string", "NOT SET"),
        Arguments.of("subdivision", "string", "NOT SET"),
        Arguments.of("rank", "string", "NOT SET"),
        Arguments.of("group", "string", ""),
        Arguments.of("page", "#/components/schemas/UnitPage", -1),
        Arguments.of("isDispatch", "boolean", false));
  }

  @ParameterizedTest(name = "{0}: {1}, default {2}")
  @MethodSource("createIdentifierProperties")
  void createIdentifier_propertyTypeAndDefault(String name, String type, Object documentedDefault) {
    Schema<?> property = property("CreateIdentifierRequest", name);
    if (type.startsWith("#/")) {
      assertThat(property.getAllOf()).singleElement()
          .satisfies(ref -> assertThat(((Schema<?>) ref).get$ref()).isEqualTo(type));
    } else {
      assertThat(property.getType()).isEqualTo(type);
    }
    Object actual = property.getDefault();
    if (actual instanceof BigDecimal || actual instanceof Number) {
      actual = ((Number) actual).intValue();
    }
    assertThat(actual).isEqualTo(documentedDefault);
  }

  @Test
  void createIdentifier_everyPropertyOptional() {
    Schema<?> request = schema("CreateIdentifierRequest");
    assertThat(request.getProperties()).containsOnlyKeys("status", "aop", "unitNum", "name", "district",
        "department", "subdivision", "rank", "group", "page", "isDispatch");
    assertThat(request.getRequired()).isNullOrEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void rateLimits_30And10PerMinutePerApiKey() {
    assertThat((Map<String, Object>) setUnitStatus().getExtensions().get("x-rate-limit"))
        .containsEntry("requests", 30).containsEntry("period", "PT1M").containsEntry("scope", "api-key");
    assertThat((Map<String, Object>) createIdentifier().getExtensions().get("x-rate-limit"))
        .containsEntry("requests", 10).containsEntry("period", "PT1M").containsEntry("scope", "api-key");
    assertThat(setUnitStatus().getExtensions()).containsEntry("x-idempotent", true);
    assertThat(createIdentifier().getExtensions()).containsEntry("x-idempotent", false);
  }

  @Test
  void responses_200JsonAndProblemJsonErrorsAnd429() {
    for (Operation operation : List.of(setUnitStatus(), createIdentifier())) {
      assertThat(operation.getResponses()).as(operation.getOperationId())
          .containsOnlyKeys("200", "400", "401", "404", "429");
      assertThat(response(operation, "200").getContent()).containsOnlyKeys("application/json");
      for (String status : List.of("400", "401", "404")) {
        Content content = response(operation, status).getContent();
        assertThat(content).as(status).containsOnlyKeys("application/problem+json");
        assertThat(content.get("application/problem+json").getSchema().get$ref())
            .isEqualTo("#/components/schemas/Problem");
      }
      ApiResponse tooMany = response(operation, "429");
      assertThat(tooMany.getContent()).containsOnlyKeys("application/json");
      assertThat(tooMany.getContent().get("application/json").getSchema().get$ref())
          .isEqualTo("#/components/schemas/RateLimitError");
      assertThat(tooMany.getHeaders()).containsKey("Retry-After");
    }
    assertThat(response(setUnitStatus(), "200").getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/SetUnitStatusResponse");
    assertThat(response(createIdentifier(), "200").getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/CreateIdentifierResponse");
  }

  @Test
  void responseBodies_documentedProperties() {
    assertThat(schema("SetUnitStatusResponse").getProperties()).containsOnlyKeys("updated", "status");
    assertThat(schema("SetUnitStatusResponse").getRequired()).containsExactlyInAnyOrder("updated", "status");
    assertThat(property("SetUnitStatusResponse", "updated").getType()).isEqualTo("integer");
    Schema<?> statusName = schema("UnitStatusName");
    assertThat(statusName.getType()).isEqualTo("string");
    assertThat(statusName.getExtensions().get("x-extensible-enum"))
        .isEqualTo(List.of("UNAVAILABLE", "BUSY", "AVAILABLE", "ENROUTE", "ON_SCENE", "OFFLINE"));
    assertThat(schema("CreateIdentifierResponse").getProperties()).containsOnlyKeys("identId");
    assertThat(schema("CreateIdentifierResponse").getRequired()).containsExactly("identId");
    assertThat(property("CreateIdentifierResponse", "identId").getType()).isEqualTo("integer");
    assertThat(schema("Problem").getProperties())
        .containsOnlyKeys("type", "title", "status", "detail", "instance", "traceId");
    assertThat(property("Problem", "status").getType()).isEqualTo("integer");
    assertThat(schema("RateLimitError").getProperties()).containsOnlyKeys("message", "request_id");
  }

  /** The spec's examples are the documented ones (and so the stubs'). */
  @Test
  void examples_areTheDocumentedOnes() {
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            setUnitStatus().getRequestBody().getContent().get("application/json").getExample()).toString()))
        .isEqualTo(Exchanges.json(Stubs.SET_UNIT_STATUS_EXAMPLE));
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            response(setUnitStatus(), "200").getContent().get("application/json").getExample()).toString()))
        .isEqualTo(Exchanges.json(Stubs.SET_UNIT_STATUS_RESPONSE));
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            createIdentifier().getRequestBody().getContent().get("application/json").getExample()).toString()))
        .isEqualTo(Exchanges.json(Stubs.CREATE_IDENTIFIER_EXAMPLE));
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            response(createIdentifier(), "200").getContent().get("application/json").getExample()).toString()))
        .isEqualTo(Exchanges.json(Stubs.CREATE_IDENTIFIER_RESPONSE));
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            response(setUnitStatus(), "401").getContent().get("application/problem+json").getExample()).toString()))
        .isEqualTo(Stubs.bodyFileJson("problem-401-missing-authorization.json"));
    assertThat(Exchanges.json(Stubs.JSON.valueToTree(
            response(setUnitStatus(), "429").getContent().get("application/json").getExample()).toString()))
        .isEqualTo(Stubs.bodyFileJson("rate-limit-exceeded.json"));
  }
}
