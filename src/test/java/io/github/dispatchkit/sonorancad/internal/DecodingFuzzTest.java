package io.github.dispatchkit.sonorancad.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed seed corpus of {@link DecodingFuzzTarget} (and any crash input added to it)
 * as plain tests. Jazzer itself fuzzes the target during {@code verify} and in the long run of the
 * {@code fuzz} profile (README, "Fuzzing").
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
}
