package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The spec's words reach the IDE: the generated sources' Javadoc, read as text (HTML entities
 * decoded, whitespace collapsed), holds each operation's summary and description, each path and
 * query parameter's description, the success response's description in {@code @return} and one
 * {@code @throws} per documented error status; and each model property's description.
 */
@Timeout(60)
class JavadocTest {
  private static final Path SOURCES = Path.of("target/generated-sources/openapi/src/main/java/io/github/dispatchkit/sonorancad/generated");
  private static final OpenAPI SPEC = PackagedSpec.get();

  @Test
  void everyOperationsJavadocCarriesItsPage() throws IOException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (PackagedSpec.PathOperation op : PackagedSpec.operations()) {
      String source = read(SOURCES.resolve("service").resolve(serviceClass(op.tag()) + ".java"));
      String doc = javadocBefore(source, "public [^(]*\\b" + op.id() + "\\(");
      List<String> expected = new ArrayList<>();
      expected.add(op.operation.getSummary() + ": {@code " + op.method + " " + op.path + "}");
      if (op.operation.getDescription() != null) {
        expected.add(text(op.operation.getDescription()));
      }
      for (Parameter parameter : parameters(op)) {
        if ("path".equals(parameter.getIn())) {
          expected.add("@param " + parameter.getName() + " " + text(parameter.getDescription()));
        } else if ("query".equals(parameter.getIn())) {
          String paramsClass = source.substring(source.indexOf("class " + Character.toUpperCase(op.id().charAt(0))
              + op.id().substring(1) + "Params "));
          String params = javadocBefore(paramsClass, "public @Nullable \\S+ " + parameter.getName() + "\\(\\)");
          if (!params.contains(text(parameter.getDescription()))) {
            missing.add(op.id() + " query parameter " + parameter.getName() + ": " + params);
          }
        }
      }
      for (Map.Entry<String, ApiResponse> response : op.operation.getResponses().entrySet()) {
        ApiResponse resolved = response(response.getValue());
        if (response.getKey().startsWith("2")) {
          if (resolved.getContent() != null) {
            expected.add("@return ");
            expected.add(text(resolved.getDescription()));
          }
        } else {
          expected.add("@throws io.github.dispatchkit.sonorancad.exception."
              + resolved.getExtensions().get("x-exception") + " on " + response.getKey() + ": "
              + text(resolved.getDescription()));
        }
      }
      for (String text : expected) {
        if (!doc.contains(text)) {
          missing.add(op.id() + ": [" + text + "] not in [" + doc + "]");
        }
      }
      checked++;
    }
    assertThat(checked).isEqualTo(SPEC.getPaths().values().stream().mapToInt(p -> p.readOperations().size()).sum());
    assertThat(missing).isEmpty();
  }

  @Test
  void everyModelPropertysJavadocCarriesItsDescription() throws IOException {
    List<String> missing = new ArrayList<>();
    int files = 0;
    for (Map.Entry<String, Schema> schema : SPEC.getComponents().getSchemas().entrySet()) {
      Path file = SOURCES.resolve("model").resolve(schema.getKey() + ".java");
      if (!Files.exists(file)) {
        continue;
      }
      files++;
      String docs = javadocs(read(file));
      if (schema.getValue().getDescription() != null && !docs.contains(text(schema.getValue().getDescription()))) {
        missing.add(schema.getKey() + ": " + schema.getValue().getDescription());
      }
      Map<String, Schema> properties = schema.getValue().getProperties();
      if (properties != null) {
        for (Map.Entry<String, Schema> property : properties.entrySet()) {
          String description = property.getValue().getDescription();
          if (description != null && !docs.contains(text(description))) {
            missing.add(schema.getKey() + "." + property.getKey() + ": " + description);
          }
        }
      }
    }
    assertThat(files).isGreaterThan(100);
    assertThat(missing).isEmpty();
  }

  private static List<Parameter> parameters(PackagedSpec.PathOperation op) {
    List<Parameter> result = new ArrayList<>();
    List<Parameter> declared = new ArrayList<>();
    if (SPEC.getPaths().get(op.path).getParameters() != null) {
      declared.addAll(SPEC.getPaths().get(op.path).getParameters());
    }
    if (op.operation.getParameters() != null) {
      declared.addAll(op.operation.getParameters());
    }
    for (Parameter parameter : declared) {
      result.add(parameter.get$ref() == null ? parameter
          : SPEC.getComponents().getParameters().get(parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1)));
    }
    return result;
  }

  private static ApiResponse response(ApiResponse response) {
    return response.get$ref() == null ? response
        : SPEC.getComponents().getResponses().get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
  }

  private static String serviceClass(String tag) {
    StringBuilder name = new StringBuilder();
    for (String word : tag.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return name + "Service";
  }

  /** The Javadoc right before the first declaration matching {@code declaration}, as text. */
  private static String javadocBefore(String source, String declaration) {
    Matcher matcher = Pattern.compile(declaration).matcher(source);
    assertThat(matcher.find()).as(declaration).isTrue();
    int end = source.lastIndexOf("*/", matcher.start());
    int start = source.lastIndexOf("/**", end);
    return text(strip(source.substring(start + 3, end)));
  }

  /** Every Javadoc of a file, as text. */
  private static String javadocs(String source) {
    StringBuilder all = new StringBuilder();
    Matcher matcher = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL).matcher(source);
    while (matcher.find()) {
      all.append(strip(matcher.group(1))).append(' ');
    }
    return text(all.toString());
  }

  private static String strip(String comment) {
    return comment.replaceAll("(?m)^\\s*\\* ?", "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&#x60;", "`").replace("&#x3D;", "=").replace("&#64;", "@").replace("&amp;", "&");
  }

  /** Whitespace collapsed, as Javadoc renders it. */
  private static String text(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
