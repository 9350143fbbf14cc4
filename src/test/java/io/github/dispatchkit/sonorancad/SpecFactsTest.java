package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the packaged spec to the documented facts in {@code spec-facts.json}: a lost or changed
 * limit, enum value, default, path or method fails here, whatever the generator makes of it.
 */
class SpecFactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenAPI spec;
  private static JsonNode facts;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream yaml = SpecFactsTest.class.getResourceAsStream("/META-INF/sonoran-cad/sonoran-cad-v2.yaml");
        InputStream expected = SpecFactsTest.class.getResourceAsStream("/spec-facts.json")) {
      ParseOptions options = new ParseOptions();
      options.setResolve(false);
      SwaggerParseResult result = new OpenAPIV3Parser()
          .readContents(new String(yaml.readAllBytes(), StandardCharsets.UTF_8), null, options);
      assertThat(result.getMessages()).isEmpty();
      spec = result.getOpenAPI();
      facts = JSON.readTree(expected);
    }
  }

  @Test
  void serverAndBearerScheme() {
    assertThat(spec.getOpenapi()).isEqualTo("3.0.3");
    assertThat(spec.getServers()).extracting(s -> s.getUrl()).containsExactly(facts.get("server").asText());
    SecurityScheme scheme = spec.getComponents().getSecuritySchemes().get(facts.at("/securityScheme/name").asText());
    assertThat(scheme.getType().toString()).isEqualTo(facts.at("/securityScheme/type").asText());
    assertThat(scheme.getScheme()).isEqualTo(facts.at("/securityScheme/scheme").asText());
    assertThat(scheme.getBearerFormat()).as("the credential is an API key, not a JWT").isNull();
  }

  @Test
  void operationsKeepPathMethodLimitResponsesAndExamples() {
    for (Iterator<Map.Entry<String, JsonNode>> i = facts.get("operations").fields(); i.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = i.next();
      JsonNode expected = entry.getValue();
      PathItem path = spec.getPaths().get(expected.get("path").asText());
      assertThat(path).as(entry.getKey() + " path").isNotNull();
      Operation operation = path.readOperationsMap().get(PathItem.HttpMethod.valueOf(expected.get("method").asText()));
      assertThat(operation).as(entry.getKey() + " method").isNotNull();
      assertThat(operation.getOperationId()).isEqualTo(entry.getKey());
      assertThat(operation.getSecurity()).extracting(r -> r.keySet()).containsExactly(java.util.Set.of("bearerAuth"));
      assertThat(tree(operation.getExtensions().get("x-rate-limit"))).isEqualTo(expected.get("rateLimit"));
      assertThat(operation.getExtensions().get("x-idempotent")).isEqualTo(expected.get("idempotent").asBoolean());

      for (Iterator<Map.Entry<String, JsonNode>> p = expected.get("pathParameters").fields(); p.hasNext(); ) {
        Map.Entry<String, JsonNode> param = p.next();
        assertThat(operation.getParameters()).hasSize(1);
        Parameter parameter = resolveParameter(operation.getParameters().get(0));
        assertThat(parameter.getName()).isEqualTo(param.getKey());
        assertThat(parameter.getIn()).isEqualTo("path");
        assertThat(parameter.getRequired()).isTrue();
        assertThat(typeOf(parameter.getSchema())).isEqualTo(param.getValue().get("type").asText());
        assertThat(tree(parameter.getExample())).isEqualTo(param.getValue().get("example"));
      }
      var request = operation.getRequestBody().getContent().get("application/json");
      assertThat(request.getSchema().get$ref()).endsWith("/" + expected.get("requestSchema").asText());
      assertThat(tree(request.getExample())).isEqualTo(expected.get("requestExample"));
      var ok = operation.getResponses().get("200").getContent().get("application/json");
      assertThat(ok.getSchema().get$ref()).endsWith("/" + expected.get("responseSchema").asText());
      assertThat(tree(ok.getExample())).isEqualTo(expected.get("responseExample"));

      List<String> statuses = new ArrayList<>(List.of("200"));
      statuses.addAll(iterable(facts.get("errorStatuses").fieldNames()));
      assertThat(operation.getResponses().keySet()).as(entry.getKey() + " statuses").containsExactlyElementsOf(statuses);
      assertThat(operation.getResponses().get("200").getContent().keySet()).containsExactly("application/json");
      for (Iterator<Map.Entry<String, JsonNode>> s = facts.get("errorStatuses").fields(); s.hasNext(); ) {
        Map.Entry<String, JsonNode> status = s.next();
        ApiResponse response = resolveResponse(operation.getResponses().get(status.getKey()));
        String mediaType = status.getValue().get("mediaType").asText();
        assertThat(response.getContent().keySet()).as(entry.getKey() + " " + status.getKey()).containsExactly(mediaType);
        assertThat(response.getContent().get(mediaType).getSchema().get$ref())
            .endsWith("/" + status.getValue().get("schema").asText());
        JsonNode example = facts.at("/errorExamples/" + status.getKey());
        if (!example.isMissingNode()) {
          assertThat(tree(response.getContent().get(mediaType).getExample())).isEqualTo(example);
        }
      }
      assertThat(resolveResponse(operation.getResponses().get("429")).getHeaders()).containsKey("Retry-After");
    }
  }

  @Test
  void errorBodiesKeepTheirProperties() {
    assertThat(schema("Problem").getProperties().keySet())
        .containsExactlyElementsOf(strings(facts.get("problemProperties")));
    assertThat(schema("RateLimitError").getProperties().keySet())
        .containsExactlyElementsOf(strings(facts.get("rateLimitErrorProperties")));
  }

  @Test
  void enumsKeepValuesAndNames() {
    for (Iterator<Map.Entry<String, JsonNode>> i = facts.get("enums").fields(); i.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = i.next();
      Schema<?> schema = schema(entry.getKey());
      List<String> values = new ArrayList<>();
      schema.getEnum().forEach(v -> values.add(String.valueOf(v)));
      assertThat(values).containsExactlyElementsOf(iterable(entry.getValue().fieldNames()));
      assertThat(schema.getExtensions().get("x-enum-varnames"))
          .isEqualTo(strings(tree(List.copyOf(iterableValues(entry.getValue())))));
    }
    // An open string enum: anyOf the known names or any string, so a server may send a new name.
    List<Schema> branches = schema("UnitStatusName").getAnyOf();
    assertThat(branches).hasSize(2);
    assertThat(branches.get(0).getEnum()).isEqualTo(strings(facts.get("unitStatusNames")));
    assertThat(branches.get(1).getEnum()).as("open: a server may send a new name").isNull();
    assertThat(branches.get(1).getType()).isEqualTo("string");
  }

  @Test
  void propertiesKeepTypesRequirednessAndDefaults() {
    for (Iterator<Map.Entry<String, JsonNode>> i = facts.get("properties").fields(); i.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = i.next();
      Schema<?> schema = schema(entry.getKey());
      assertThat(schema.getProperties().keySet()).as(entry.getKey())
          .containsExactlyInAnyOrderElementsOf(iterable(entry.getValue().fieldNames()));
      entry.getValue().fields().forEachRemaining(property ->
          assertThat(typeOf(schema.getProperties().get(property.getKey())))
              .as(entry.getKey() + "." + property.getKey()).isEqualTo(property.getValue().asText()));
      List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
      assertThat(required).as(entry.getKey() + " required")
          .containsExactlyInAnyOrderElementsOf(strings(facts.at("/required/" + entry.getKey())));
    }
    facts.at("/defaults/CreateIdentifierRequest").fields().forEachRemaining(property ->
        assertThat(tree(schema("CreateIdentifierRequest").getProperties().get(property.getKey()).getDefault()))
            .as("default of " + property.getKey()).isEqualTo(property.getValue()));
  }

  @Test
  void atLeastOneTargetIsWrittenIntoTheSchema() {
    List<String> alternatives = new ArrayList<>();
    for (Schema<?> option : schema("SetUnitStatusRequest").getAnyOf()) {
      alternatives.addAll(option.getRequired());
    }
    assertThat(alternatives).containsExactlyElementsOf(strings(facts.at("/atLeastOneOf/SetUnitStatusRequest")));
  }

  private static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  private static Schema<?> schema(String name) {
    Schema<?> schema = spec.getComponents().getSchemas().get(name);
    assertThat(schema).as("schema " + name).isNotNull();
    return schema;
  }

  private static String typeOf(Schema<?> schema) {
    if (schema.get$ref() != null) {
      return schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
    }
    if (schema.getAllOf() != null && schema.getAllOf().size() == 1) {
      return typeOf(schema.getAllOf().get(0));
    }
    if ("array".equals(schema.getType())) {
      return "array/" + typeOf(schema.getItems());
    }
    return schema.getType() + ("uuid".equals(schema.getFormat()) ? "/uuid" : "");
  }

  private static Parameter resolveParameter(Parameter parameter) {
    if (parameter.get$ref() == null) {
      return parameter;
    }
    return spec.getComponents().getParameters().get(parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1));
  }

  private static ApiResponse resolveResponse(ApiResponse response) {
    if (response == null || response.get$ref() == null) {
      return response;
    }
    return spec.getComponents().getResponses().get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return result;
  }

  private static List<String> iterable(Iterator<String> names) {
    List<String> result = new ArrayList<>();
    names.forEachRemaining(result::add);
    return result;
  }

  private static List<String> iterableValues(JsonNode object) {
    List<String> result = new ArrayList<>();
    object.forEach(node -> result.add(node.asText()));
    return result;
  }
}
