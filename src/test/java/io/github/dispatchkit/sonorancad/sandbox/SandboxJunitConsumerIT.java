package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code sandbox-junit} jar as a user gets it: relocated, and used from a separate project's JUnit 5 tests.
 *
 * <p>The jar may hold no class outside the sandbox's package (its libraries live under
 * {@code ...sandbox.shaded}) and none of the client's. Then the consumer project under
 * {@code src/it/sandbox-consumer} (which adds the client and the {@code sandbox-junit} classifier the
 * way README says, plus an old Guava and an old Jackson of its own) is built with this Maven:
 * the client's jars and POM are put into a repository under {@code target/sandbox-consumer/repo},
 * never into {@code ~/.m2}, and every other artifact is read from the local repository through a
 * {@code file:} mirror, so nothing is downloaded from the network.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SandboxJunitConsumerIT {

  private static final String PACKAGE = "io/github/dispatchkit/sonorancad/sandbox/";

  private final Path junitJar = Path.of(property("sandbox.junitJar"));
  private final Path work = Path.of(property("sandbox.consumerDirectory"));

  @Test
  void theJarHoldsTheSandboxAndItsRelocatedLibrariesOnly() throws IOException {
    List<String> outside = new ArrayList<>();
    try (ZipFile jar = new ZipFile(junitJar.toFile())) {
      jar.stream().map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class") && !name.startsWith(PACKAGE))
          .forEach(outside::add);
      assertThat(jar.getEntry(PACKAGE + "SonoranCadSandboxExtension.class")).isNotNull();
      assertThat(jar.getEntry(PACKAGE + "shaded/com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
      assertThat(jar.getEntry(PACKAGE + "SandboxMain.class")).isNull();
    }
    assertThat(outside).as("classes outside %s", PACKAGE).isEmpty();
  }

  @Test
  void aSeparateProjectRunsItsJUnitTestsAgainstTheSandbox() throws Exception {
    Path project = work.resolve("project");
    Path repository = work.resolve("repo");
    copy(Path.of(property("sandbox.consumerSource")), project);
    String version = property("project.version");
    Path artifacts = repository.resolve("io/github/dispatchkit/sonoran-cad-client/" + version);
    Files.createDirectories(artifacts);
    Files.copy(Path.of(property("project.jar")), artifacts.resolve("sonoran-cad-client-" + version + ".jar"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(junitJar, artifacts.resolve("sonoran-cad-client-" + version + "-sandbox-junit.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of(property("project.pom")), artifacts.resolve("sonoran-cad-client-" + version + ".pom"),
        StandardCopyOption.REPLACE_EXISTING);
    Path settings = work.resolve("settings.xml");
    Files.writeString(settings, "<settings><mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>"
        + Path.of(property("maven.repo.local")).toUri() + "</url></mirror></mirrors></settings>\n");

    Path log = work.resolve("build.log");
    Process build = new ProcessBuilder(Path.of(property("maven.home"), "bin", "mvn").toString(), "-B", "-q",
        "-s", settings.toString(), "-Dmaven.repo.local=" + repository,
        "-Dsonoran.version=" + version,
        "-Dcompiler-plugin.version=" + property("consumer.compilerPluginVersion"),
        "-Dresources-plugin.version=" + property("consumer.resourcesPluginVersion"),
        "-Dsurefire-plugin.version=" + property("consumer.surefirePluginVersion"),
        "test")
        .directory(project.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished = build.waitFor(9, TimeUnit.MINUTES);
    if (!finished) {
      build.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished && build.exitValue() == 0).as("the consumer build (%s):%n%s", log, output).isTrue();
    String report = Files.readString(project.resolve(
        "target/surefire-reports/TEST-com.example.bot.DispatchBotTest.xml"), StandardCharsets.UTF_8);
    assertThat(report).contains("tests=\"3\"").contains("failures=\"0\"").contains("errors=\"0\"")
        .contains("skipped=\"0\"");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the pom's failsafe configuration)", name).isNotBlank();
    return value;
  }
}
