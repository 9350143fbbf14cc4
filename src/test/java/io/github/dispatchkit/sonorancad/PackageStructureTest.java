package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which handwritten package uses which, read from the sources (imports and fully qualified names in
 * code; comments ignored): the implementation never reaches back up into the API it serves.
 */
class PackageStructureTest {
  private static final String ROOT = "io.github.dispatchkit.sonorancad";
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z]\\w*)*)\\.[A-Z]");

  /** Each source file (path under the package root) and the client packages it refers to. */
  private static final Map<String, Set<String>> USES = new TreeMap<>();

  @BeforeAll
  static void scan() throws IOException {
    Path root = SOURCES.resolve(ROOT.replace('.', '/'));
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String code = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
        Matcher declared = PACKAGE.matcher(code);
        String own = declared.find() ? declared.group(1) : "";
        Set<String> uses = new TreeSet<>();
        Matcher reference = REFERENCE.matcher(code);
        while (reference.find()) {
          String used = ROOT + reference.group(1);
          if (!used.equals(own)) {
            uses.add(used);
          }
        }
        USES.put(root.relativize(file).toString().replace('\\', '/'), uses);
      }
    }
    assertThat(USES).containsKeys("SonoranCadClient.java", "ratelimit/RateLimitStore.java", "internal/CallExecutor.java");
  }

  @Test
  void internalNeverUsesEvent() {
    Set<String> offenders = new TreeSet<>();
    USES.forEach((file, uses) -> {
      if (file.startsWith("internal/") && uses.stream().anyMatch(p -> p.equals(ROOT + ".event") || p.startsWith(ROOT + ".event."))) {
        offenders.add(file);
      }
    });
    assertThat(offenders).as("files under internal/ that use the event package").isEmpty();
  }

  /** Rate limiting stands alone: no circle with {@code internal}, or with anything else. */
  @Test
  void rateLimitUsesNoOtherPackageOfTheClient() {
    USES.forEach((file, uses) -> {
      if (file.startsWith("ratelimit/")) {
        assertThat(uses).as(file).isEmpty();
      }
    });
    assertThat(USES.get("internal/CallExecutor.java")).as("the scan sees imports").contains(ROOT + ".ratelimit");
  }
}
