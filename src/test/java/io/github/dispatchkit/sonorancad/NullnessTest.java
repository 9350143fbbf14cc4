package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The JSpecify annotations Kotlin and nullness checkers read: every package is {@code @NullMarked},
 * and exactly the values that may be null are {@code @Nullable}.
 */
class NullnessTest {
  private static final String ROOT = "io.github.dispatchkit.sonorancad";
  private static final String MODELS = ROOT + ".generated.model.";

  @Test
  void everyPackageIsNullMarked() throws Exception {
    for (String pkg : List.of(ROOT, ROOT + ".exception", ROOT + ".internal", ROOT + ".event", ROOT + ".ratelimit",
        ROOT + ".logging", ROOT + ".metrics", ROOT + ".generated.model",
        ROOT + ".generated.service")) {
      Class<?> info = Class.forName(pkg + ".package-info");
      assertThat(info.isAnnotationPresent(NullMarked.class)).as(pkg).isTrue();
    }
  }

  /** An optional property's accessor and builder setter are {@code @Nullable}; a required one's are not. */
  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void modelAccessorsAreNullableExactlyWhenTheSpecDoesNotRequireTheProperty() throws Exception {
    OpenAPI spec = PackagedSpec.get();
    Set<String> formBodies = new HashSet<>();
    spec.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
      if (operation.getRequestBody() != null && operation.getRequestBody().getContent().containsKey("multipart/form-data")) {
        String ref = operation.getRequestBody().getContent().get("multipart/form-data").getSchema().get$ref();
        formBodies.add(ref.substring(ref.lastIndexOf('/') + 1));
      }
    }));
    int required = 0;
    int optional = 0;
    for (Map.Entry<String, Schema> schema : spec.getComponents().getSchemas().entrySet()) {
      Map<String, Schema> properties = schema.getValue().getProperties();
      if (properties == null || formBodies.contains(schema.getKey())) {
        continue; // a multipart body is form parameters, not a model
      }
      Class<?> model = Class.forName(MODELS + schema.getKey());
      Class<?> builder = Class.forName(MODELS + schema.getKey() + "$Builder");
      List<String> requiredNames = schema.getValue().getRequired() == null ? List.of() : schema.getValue().getRequired();
      for (String property : properties.keySet()) {
        String name = javaName(property);
        Method accessor = model.getMethod(name);
        Method setter = builder.getMethod(name, accessor.getReturnType());
        boolean nullable = !requiredNames.contains(property);
        String where = schema.getKey() + "." + property;
        assertThat(nullable(accessor.getAnnotatedReturnType())).as(where + " accessor").isEqualTo(nullable);
        assertThat(nullable(setter.getAnnotatedParameterTypes()[0])).as(where + " setter").isEqualTo(nullable);
        if (nullable) {
          optional++;
        } else {
          required++;
        }
      }
    }
    assertThat(required).as("required properties checked").isGreaterThan(100);
    assertThat(optional).as("optional properties checked").isGreaterThan(300);
  }

  @Test
  void queryParameterAccessorsAndSettersAreNullable() {
    int checked = 0;
    for (OperationIndex.Entry entry : OperationIndex.all().values()) {
      for (Class<?> nested : entry.resource.getReturnType().getClasses()) {
        if (!nested.getSimpleName().endsWith("Params")) {
          continue;
        }
        for (Method method : nested.getDeclaredMethods()) {
          if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
              && method.getParameterCount() == 0 && !List.of("toBuilder", "violations", "hashCode", "toString")
                  .contains(method.getName())) {
            assertThat(nullable(method.getAnnotatedReturnType())).as(nested.getSimpleName() + "." + method.getName()).isTrue();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void optionalErrorFieldsAreNullableAndTheRestIsNot() throws Exception {
    for (String name : List.of("problemType", "title", "detail", "instance", "traceId", "requestId")) {
      assertThat(nullable(SonoranCadServiceException.class.getMethod(name).getAnnotatedReturnType())).as(name).isTrue();
    }
    for (String name : List.of("statusCode", "retryAfter", "bodySnippet", "operationId")) {
      assertThat(nullable(SonoranCadServiceException.class.getMethod(name).getAnnotatedReturnType())).as(name).isFalse();
    }
  }

  private static boolean nullable(AnnotatedElement type) {
    return type.isAnnotationPresent(Nullable.class);
  }

  /** {@code ClosedCalls} -> {@code closedCalls}, {@code request_id} -> {@code requestId}, as the generator names accessors. */
  private static String javaName(String property) {
    StringBuilder name = new StringBuilder();
    for (String word : property.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(name.length() == 0 ? Character.toLowerCase(word.charAt(0)) : Character.toUpperCase(word.charAt(0)))
            .append(word.substring(1));
      }
    }
    return name.toString();
  }
}
