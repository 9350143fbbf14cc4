package io.github.dispatchkit.sonorancad.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed seed corpus of {@link DecodingFuzzTarget} (and any crash input added to it)
 * as plain tests, and checks that the target decodes what every operation of the spec answers.
 * Jazzer itself fuzzes the target during {@code verify} and in the long run (README, "Fuzzing").
 */
class DecodingFuzzTest {
  static Stream<Path> seeds() throws IOException, URISyntaxException {
    Path dir = Path.of(DecodingFuzzTest.class.getResource("/fuzz/decoding-seeds").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.sorted().toList();
      assertThat(sorted).hasSizeGreaterThanOrEqualTo(30);
      return sorted.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void seedIsHandled(Path seed) throws Exception {
    DecodingFuzzTarget.fuzzerTestOneInput(Files.readAllBytes(seed));
  }

  /** Every spec operation with a response body is a decoding target: the discovery missed none. */
  @Test
  void everyOperationWithABodyIsATarget() throws IOException {
    OpenAPI spec = new OpenAPIV3Parser()
        .readContents(Files.readString(Path.of("openapi/sonoran-cad-v2.yaml"))).getOpenAPI();
    Set<String> withBody = new TreeSet<>();
    for (var path : spec.getPaths().values()) {
      for (Operation operation : path.readOperations()) {
        boolean body = operation.getResponses().entrySet().stream()
            .anyMatch(r -> r.getKey().startsWith("2") && r.getValue().getContent() != null);
        if (body) {
          withBody.add(operation.getOperationId());
        }
      }
    }
    assertThat(withBody).hasSizeGreaterThan(60);
    assertThat(DecodingFuzzTarget.OPERATIONS.keySet()).isEqualTo(withBody);
    assertThat(DecodingFuzzTarget.TYPES).hasSizeGreaterThan(withBody.size());
  }
}
