package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's operations table is the spec's: one row per operation (tag, generated method, HTTP method
 * and path, limit, retry), in tag then operationId order, and the paging table lists exactly the
 * {@code x-paging} operations. On drift the failure prints the table to paste. The paging example
 * and the whole-program examples (a Java block with its imports and a class) compile as written.
 */
class ReadmeTest {
  @Test
  void operationsTableMatchesTheSpec() throws Exception {
    List<String> expected = new ArrayList<>();
    List<String> paging = new ArrayList<>();
    for (PackagedSpec.PathOperation operation : PackagedSpec.operations()) {
      String[] row = row(operation.path, operation.method, operation.operation);
      expected.add(row[0]);
      if (row[1] != null) {
        paging.add(row[1]);
      }
    }
    List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(MarkdownTable.rowsAfter(readme, "## Operations"))
        .as("README ## Operations, expected:%n%s", String.join("\n", expected))
        .isEqualTo(expected);
    assertThat(MarkdownTable.rowsAfter(readme, "### Paging"))
        .as("README ### Paging, expected:%n%s", String.join("\n", paging))
        .isEqualTo(paging);
  }

  /** The paging section's Java block, its imports on top and its statements in a method taking {@code client}. */
  @Test
  void pagingExampleCompiles(@TempDir Path dir) throws Exception {
    List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    List<String> block = readme.subList(readme.indexOf("### Paging"), readme.size());
    block = block.subList(block.indexOf("```java") + 1, block.size());
    block = block.subList(0, block.indexOf("```"));
    StringBuilder imports = new StringBuilder();
    StringBuilder statements = new StringBuilder();
    for (String line : block) {
      (line.startsWith("import ") ? imports : statements).append(line).append('\n');
    }
    Path source = dir.resolve("PagingExample.java");
    Files.writeString(source, imports + "class PagingExample {\n  void run("
        + SonoranCadClient.class.getName() + " client) {\n" + statements + "  }\n}\n");
    StringWriter errors = new StringWriter();
    boolean compiled = ToolProvider.getSystemJavaCompiler().getTask(errors, null, null,
        List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path")), null,
        ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(source)).call();
    assertThat(compiled).as("README paging example:%n%s", errors).isTrue();
  }

  /** Every Java block that declares a class (Usage, Observability, Discord) compiles as it is, imports included. */
  @Test
  void wholeProgramExamplesCompile(@TempDir Path dir) throws Exception {
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    Pattern className = Pattern.compile("^(?:public )?class (\\w+)", Pattern.MULTILINE);
    List<JavaFileObject> units = new ArrayList<>();
    while (block.find()) {
      String source = block.group(1);
      Matcher name = className.matcher(source);
      if (name.find()) {
        units.add(new SimpleJavaFileObject(URI.create("string:///" + name.group(1) + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        });
      }
    }
    assertThat(units).as("Usage, Observability, Discord").hasSizeGreaterThanOrEqualTo(3);
    StringWriter errors = new StringWriter();
    boolean compiled = ToolProvider.getSystemJavaCompiler().getTask(errors, null, null,
        List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror"),
        null, units).call();
    assertThat(compiled).as("README examples:%n%s", errors).isTrue();
  }

  /** The table row, and the paging row or null. */
  private static String[] row(String path, PathItem.HttpMethod method, Operation operation) {
    String id = operation.getOperationId();
    OperationIndex.Entry entry = OperationIndex.of(id);
    String tag = operation.getTags().get(0);
    String accessor = entry.group.getName() + "()." + entry.resource.getName() + "()";
    Map<?, ?> limit = (Map<?, ?>) operation.getExtensions().get("x-rate-limit");
    String period = Duration.parse((String) limit.get("period")).toString().substring(2).toLowerCase();
    String row = "| " + tag + " | `" + accessor + "." + id + "` | `" + method + " " + path + "` | "
        + limit.get("requests") + "/" + period + (Boolean.FALSE.equals(limit.get("documented")) ? " (assumed)" : "")
        + " | " + (Boolean.TRUE.equals(operation.getExtensions().get("x-idempotent")) ? "yes" : "no") + " |";
    Map<?, ?> pages = (Map<?, ?>) operation.getExtensions().get("x-paging");
    String pagingRow = null;
    if (pages != null) {
      List<?> items = (List<?>) pages.get("items");
      List<?> total = (List<?>) pages.get("total");
      pagingRow = "| `" + accessor + "." + id + "AutoPaging` | "
          + (items.isEmpty() ? "the response" : "`" + String.join(".", strings(items)) + "`")
          + " (`" + pages.get("item-schema") + "`)"
          + " | `" + pages.get("limit") + "`, `" + pages.get("offset") + "` | "
          + (total == null ? "short or empty page" : "`" + String.join(".", strings(total)) + "`, short or empty page")
          + " |";
    }
    return new String[] {row, pagingRow};
  }

  private static List<String> strings(List<?> values) {
    List<String> result = new ArrayList<>();
    values.forEach(value -> result.add((String) value));
    return result;
  }
}
