package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dispatchkit.sonorancad.MarkdownTable;
import io.github.dispatchkit.sonorancad.PackagedSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The per-operation coverage table of {@code contract-tests/README.md} is the spec's operations and
 * the stub mappings naming them: one row per operation, in the order of README's operations table,
 * with every mapping whose {@code metadata.contract.operationId} is that operation (its response
 * status and the source kind its name gives after the colon), then a row for the mappings that answer
 * any operation and a total. On drift the failure prints the table to paste.
 */
class CoverageTableContractTest {
  static final String HEADING = "## Coverage by operation";
  static final String HEADER = "| Tag | Operation | HTTP | Mappings (response status, source) | Count |\n"
      + "| --- | --- | --- | --- | --- |";

  @Test
  void coverageTable_listsEveryOperationWithTheMappingsThatPinIt() throws Exception {
    Map<String, List<String>> mappings = new TreeMap<>();
    for (String file : Stubs.mappingFiles()) {
      JsonNode mapping = Stubs.mapping(file);
      String name = mapping.path("name").asText();
      mappings.computeIfAbsent(mapping.path("metadata").path("contract").path("operationId").asText(),
          id -> new ArrayList<>())
          .add("`" + file + "` (" + mapping.path("response").path("status").asInt() + ", "
              + name.substring(name.indexOf(": ") + 2) + ")");
    }
    List<String> expected = new ArrayList<>();
    List<PackagedSpec.PathOperation> operations = PackagedSpec.operations();
    for (PackagedSpec.PathOperation operation : operations) {
      expected.add(row(operation.tag(), "`" + operation.id() + "`",
          "`" + operation.method + " " + operation.path + "`", mappings.getOrDefault(operation.id(), List.of())));
    }
    expected.add(row("any", "`*`", "any `/v2/` request", mappings.getOrDefault("*", List.of())));
    expected.add("| **Total** | **" + operations.size() + " operations** | | | **" + Stubs.mappingFiles().size()
        + "** |");

    List<String> readme = Files.readAllLines(Path.of("contract-tests/README.md"), StandardCharsets.UTF_8);
    assertThat(MarkdownTable.rowsAfter(readme, HEADING))
        .as("contract-tests/README.md %s, expected:%n%s%n%s", HEADING, HEADER, String.join("\n", expected))
        .isEqualTo(expected);
  }

  private static String row(String tag, String operation, String http, List<String> mappings) {
    return "| " + tag + " | " + operation + " | " + http + " | " + String.join("; ", mappings) + " | "
        + mappings.size() + " |";
  }
}
