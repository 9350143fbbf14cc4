package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The event package's boundary: only the API is public, and the internal package never reaches up into it. */
class EventPackageTest {
  private static final Path ROOT = Path.of("src/main/java/io/github/dispatchkit/sonorancad");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public (?:final |abstract |sealed )*(?:class|interface|enum|record) (\\w+)");

  @Test
  void onlyTheApiIsPublic() throws IOException {
    List<String> publicTypes;
    try (Stream<Path> files = Files.list(ROOT.resolve("event"))) {
      publicTypes = files.map(EventPackageTest::publicType).filter(name -> !name.isEmpty()).toList();
    }

    assertThat(publicTypes).containsExactlyInAnyOrder("Delivery", "Event", "EventHandler", "HubConnection", "HubState",
        "PushListener", "RawEvent", "SonoranCadEvents");
  }

  @Test
  void nothingInternalImportsTheEventPackage() throws IOException {
    assertThat(ROOT.resolve("internal/event")).doesNotExist();
    try (Stream<Path> files = Files.walk(ROOT.resolve("internal"))) {
      assertThat(files.filter(file -> file.toString().endsWith(".java")))
          .isNotEmpty()
          .allSatisfy(file -> assertThat(Files.readString(file))
              .as(file.toString()).doesNotContainPattern("(?m)^import (static )?io\\.github\\.dispatchkit\\.sonorancad\\.event\\."));
    }
  }

  private static String publicType(Path file) {
    try {
      Matcher matcher = PUBLIC_TYPE.matcher(Files.readString(file));
      return matcher.find() ? matcher.group(1) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
