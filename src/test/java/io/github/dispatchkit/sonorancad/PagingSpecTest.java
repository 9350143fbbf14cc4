package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds each operation's {@code x-paging} to the spec it describes (the parameters exist with a
 * default, the paths lead to an array of {@code item-schema} and to an integer), and the generated
 * {@code ...AutoPaging} methods to the operations that carry it.
 */
class PagingSpecTest {
  private static OpenAPI spec;
  private static final Map<String, Operation> PAGED = new TreeMap<>();

  @BeforeAll
  static void load() {
    spec = PackagedSpec.get();
    spec.getPaths().values().forEach(path -> path.readOperations().stream()
        .filter(operation -> operation.getExtensions().containsKey("x-paging"))
        .forEach(operation -> PAGED.put(operation.getOperationId(), operation)));
  }

  @Test
  void theLimitOffsetOperationsArePaged() {
    assertThat(PAGED.keySet()).containsExactly("getAccountUnits", "getAccounts", "getActiveUnits", "getCalls");
  }

  @Test
  void eachPagingExtensionNamesWhatTheOperationHas() {
    for (Operation operation : PAGED.values()) {
      String id = operation.getOperationId();
      Map<?, ?> paging = (Map<?, ?>) operation.getExtensions().get("x-paging");
      assertThat(paging.keySet()).as(id).allMatch(key -> List.of("limit", "offset", "items", "item-schema", "total").contains(key));
      for (String role : List.of("limit", "offset")) {
        Parameter parameter = queryParameter(operation, (String) paging.get(role));
        assertThat(parameter).as(id + " " + role).isNotNull();
        assertThat(parameter.getSchema().getType()).as(id + " " + role).isEqualTo("integer");
        assertThat(parameter.getSchema().getDefault()).as(id + " " + role + " needs the server's default").isNotNull();
      }
      Schema<?> response = deref(operation.getResponses().get("200").getContent().get("application/json").getSchema());

      Schema<?> items = follow(id, response, (List<?>) paging.get("items"));
      assertThat(items.getType()).as(id + " items").isEqualTo("array");
      assertThat(items.getItems().get$ref()).as(id + " item-schema")
          .isEqualTo("#/components/schemas/" + paging.get("item-schema"));

      if (paging.containsKey("total")) {
        assertThat(follow(id, response, (List<?>) paging.get("total")).getType()).as(id + " total").isEqualTo("integer");
      }
    }
  }

  @Test
  void exactlyThePagedOperationsHaveAnAutoPagingMethod() {
    Map<String, String> generated = new TreeMap<>();
    for (OperationIndex.Entry entry : OperationIndex.all().values()) {
      for (Method method : entry.resource.getReturnType().getMethods()) {
        if (method.getName().equals(entry.spec.id() + "AutoPaging")) {
          assertThat(method.getReturnType()).isEqualTo(AutoPager.class);
          String item = ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0].getTypeName();
          generated.put(entry.spec.id(), item.substring(item.lastIndexOf('.') + 1));
        }
      }
    }
    assertThat(generated).isEqualTo(PAGED.values().stream().collect(Collectors.toMap(Operation::getOperationId,
        operation -> (String) ((Map<?, ?>) operation.getExtensions().get("x-paging")).get("item-schema"),
        (a, b) -> a, TreeMap::new)));
  }

  /**
   * Walks a property path from the response schema; every property before the last must be
   * required, so the generated accessor chain never meets a null.
   */
  private static Schema<?> follow(String id, Schema<?> schema, List<?> path) {
    Schema<?> current = schema;
    for (int i = 0; i < path.size(); i++) {
      String name = (String) path.get(i);
      assertThat(current.getProperties()).as(id + " has " + path).containsKey(name);
      if (i < path.size() - 1) {
        assertThat(current.getRequired()).as(id + " " + name + " is required on the way to " + path).contains(name);
      }
      current = deref(current.getProperties().get(name));
    }
    return current;
  }

  private static Parameter queryParameter(Operation operation, String name) {
    for (Parameter parameter : operation.getParameters()) {
      Parameter resolved = parameter.get$ref() == null ? parameter
          : spec.getComponents().getParameters().get(last(parameter.get$ref()));
      if (resolved.getName().equals(name) && resolved.getIn().equals("query")) {
        return resolved;
      }
    }
    return null;
  }

  private static Schema<?> deref(Schema<?> schema) {
    return schema.get$ref() == null ? schema : spec.getComponents().getSchemas().get(last(schema.get$ref()));
  }

  private static String last(String ref) {
    List<String> parts = Arrays.asList(ref.split("/"));
    return parts.get(parts.size() - 1);
  }
}
