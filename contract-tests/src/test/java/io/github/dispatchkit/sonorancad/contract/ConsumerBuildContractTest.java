package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged client, used as its users use it, passes the enforcer's {@code dependencyConvergence}
 * and {@code requireUpperBoundDeps}: alone, on OkHttp 5 with the README's exclusions, in a Kotlin 2.0
 * project and in one on the newest Kotlin, both set up as the README's Kotlin section says; and the
 * Kotlin section's code compiles, as written, with kotlin-maven-plugin 2.0.
 *
 * <p>One nested Maven run builds the projects of {@code contract-tests/consumers} (a reactor) from a
 * copy under {@code target/consumer-builds}. Its local repository is there too, and holds the client's
 * jar and POM: nothing is installed into the shared one, which it reads as a remote repository, before
 * Maven Central. So it needs no network when the shared repository has all it needs; in CI, on a
 * fresh machine, what it lacks (the Kotlin compiler 2.0, kotlinx-coroutines) comes from Central and
 * stays under target for the next run.
 */
class ConsumerBuildContractTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path WORK = PROJECT.resolve("target/consumer-builds");
  private static final String CLIENT = "io/github/dispatchkit/sonoran-cad-client/";

  @Test
  void clientPassesTheEnforcersConvergenceRules_andTheReadmesKotlinCompiles() throws Exception {
    Path copy = WORK.resolve("consumers");
    deleteRecursively(copy);
    copyRecursively(PROJECT.resolve("contract-tests/consumers"), copy);
    List<String> kotlinFiles = writeReadmeKotlin(copy.resolve("kotlin/src/main/kotlin"));
    String version = installClient(WORK.resolve("repository"));

    Path log = WORK.resolve("build.log");
    int exit = build(copy, version, log);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exit).as("the consumers' build (%s; last lines:%n%s)", log, tail(output)).isZero();
    assertThat(count(output, "DependencyConvergence passed")).as("dependencyConvergence runs").isEqualTo(5);
    assertThat(count(output, "RequireUpperBoundDeps passed")).as("requireUpperBoundDeps runs").isEqualTo(5);
    for (String file : kotlinFiles) {
      String facade = file.replace(".kt", "Kt.class");
      assertThat(copy.resolve("kotlin/target/classes/" + facade)).as("compiled README Kotlin " + file).exists();
    }
  }

  /**
   * Each {@code kotlin} block of the README's Kotlin section as a file of its own, as it is written.
   *
   * @return the file names
   */
  private static List<String> writeReadmeKotlin(Path sources) throws IOException {
    String readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n## Kotlin\n");
    assertThat(section).as("README ## Kotlin").isPositive();
    int end = readme.indexOf("\n## ", section + 1);
    Matcher block = Pattern.compile("```kotlin\n(.*?)```", Pattern.DOTALL)
        .matcher(readme.substring(section, end < 0 ? readme.length() : end));
    Files.createDirectories(sources);
    List<String> files = new ArrayList<>();
    while (block.find()) {
      String file = "ReadmeKotlin" + (files.size() + 1) + ".kt";
      Files.writeString(sources.resolve(file), block.group(1), StandardCharsets.UTF_8);
      files.add(file);
    }
    assertThat(files).as("kotlin blocks in README ## Kotlin").isNotEmpty();
    return files;
  }

  /**
   * The packaged jar and this project's POM, laid out in {@code repository} as {@code mvn install}
   * would.
   *
   * @return the client's version
   */
  private static String installClient(Path repository) throws IOException {
    String version = System.getProperty("contract.clientVersion");
    String jar = System.getProperty("contract.clientJar");
    assertThat(version).as("contract.clientVersion (set by the pom's Failsafe configuration)").isNotBlank();
    assertThat(Path.of(jar)).as("the packaged client").exists();
    Path dir = repository.resolve(CLIENT + version);
    Files.createDirectories(dir);
    Files.copy(Path.of(jar), dir.resolve("sonoran-cad-client-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(PROJECT.resolve("pom.xml"), dir.resolve("sonoran-cad-client-" + version + ".pom"),
        StandardCopyOption.REPLACE_EXISTING);
    return version;
  }

  /** {@code mvn compile} over the consumers' reactor, with its own settings and local repository. */
  private static int build(Path copy, String version, Path log) throws IOException, InterruptedException {
    String mavenHome = System.getProperty("maven.home");
    String shared = System.getProperty("maven.repo.local");
    assertThat(mavenHome).as("maven.home (set by the pom's Failsafe configuration)").isNotBlank();
    assertThat(shared).as("maven.repo.local (set by the pom's Failsafe configuration)").isNotBlank();
    Path settings = WORK.resolve("settings.xml");
    String repository = "<id>shared</id><url>" + Path.of(shared).toUri()
        + "</url><releases><checksumPolicy>ignore</checksumPolicy></releases>";
    Files.writeString(settings, "<settings><localRepository>" + WORK.resolve("repository")
        + "</localRepository><profiles><profile><id>shared</id><repositories><repository>" + repository
        + "</repository></repositories><pluginRepositories><pluginRepository>" + repository
        + "</pluginRepository></pluginRepositories></profile></profiles>"
        + "<activeProfiles><activeProfile>shared</activeProfile></activeProfiles></settings>\n");
    List<String> command = List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-B",
        "-s", settings.toString(), "-f", copy.resolve("pom.xml").toString(), "compile",
        "-Dclient.version=" + version);
    Process process = new ProcessBuilder(command).directory(copy.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the consumers' build did not finish in 10 minutes");
    }
    return process.exitValue();
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(file);
        }
      }
    }
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
  }
}
