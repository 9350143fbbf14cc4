package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec is the only thing an operation needs: a copy of this project, whose spec and stubs alone
 * gain the operation of {@code contract-tests/new-operation/operation.yaml} (a new tag, a GET with a
 * query parameter, a typed response and an {@code x-rate-limit}), is built by Maven as a user would
 * build it. In that build the operation must become a generated client method that
 * {@code NewOperationProbeTest} calls (typed, validated, rate-limited, routed by the sandbox), and a
 * documented exchange that the data-driven contract test and the coverage test accept.
 *
 * <p>The nested build runs offline on the local repository of this one, so it needs nothing this
 * build did not already fetch.
 */
class NewOperationContractTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path ADDITION = PROJECT.resolve("contract-tests/new-operation");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Kept when the test fails, with the copy's build.log and reports. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path copy;

  @Test
  void anOperationAddedToTheSpecAndStubsAlone_isACalledValidatedLimitedContractTestedMethod() throws Exception {
    copyProject();
    addOperationToSpec();
    Files.copy(ADDITION.resolve("stub.json"), copy.resolve("contract-tests/stubs/mappings/probe-get-widgets.json"));
    Path probeTest = copy.resolve("src/test/java/io/github/dispatchkit/sonorancad/NewOperationProbeTest.java");
    Files.copy(ADDITION.resolve("NewOperationProbeTest.java"), probeTest);

    Path log = copy.resolve("build.log");
    int exit = build(log);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exit).as("the copy's build (last lines:%n%s)", tail(output)).isZero();

    assertThat(report("surefire-reports", "io.github.dispatchkit.sonorancad.NewOperationProbeTest"))
        .containsEntry("tests", 4).containsEntry("failures", 0).containsEntry("errors", 0).containsEntry("skipped", 0);
    // One case per 2xx mapping: the copy has this project's documented exchanges and the added one.
    assertThat(report("failsafe-reports", "io.github.dispatchkit.sonorancad.contract.DocumentedExchangeContractTest"))
        .containsEntry("tests", (int) DocumentedExchangeContractTest.documentedExchanges().count() + 1)
        .containsEntry("failures", 0).containsEntry("errors", 0).containsEntry("skipped", 0);
    assertThat(report("failsafe-reports", "io.github.dispatchkit.sonorancad.contract.StubsContractTest"))
        .containsEntry("failures", 0).containsEntry("errors", 0);
  }

  /** The build inputs a clone has (no target/, no .git). */
  private void copyProject() throws IOException {
    Files.copy(PROJECT.resolve("pom.xml"), copy.resolve("pom.xml"));
    for (String tree : List.of("openapi", "src", "contract-tests")) {
      try (Stream<Path> files = Files.walk(PROJECT.resolve(tree))) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          Path target = copy.resolve(PROJECT.relativize(file).toString());
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
    }
  }

  /** Merges the addition's tags, paths and component schemas into the copy's spec. */
  private void addOperationToSpec() throws IOException {
    Path specFile = copy.resolve("openapi/sonoran-cad-v2.yaml");
    ObjectNode spec = (ObjectNode) YAML.readTree(specFile.toFile());
    JsonNode addition = YAML.readTree(ADDITION.resolve("operation.yaml").toFile());
    ((ArrayNode) spec.get("tags")).addAll((ArrayNode) addition.get("tags"));
    ((ObjectNode) spec.get("paths")).setAll((ObjectNode) addition.get("paths"));
    ((ObjectNode) spec.path("components").get("schemas")).setAll((ObjectNode) addition.path("components").get("schemas"));
    YAML.writeValue(specFile.toFile(), spec);
  }

  /**
   * {@code mvn verify} in the copy, limited to the probe and the two spec-wide contract tests, on
   * OkHttp 4 only and without the fuzzing run.
   */
  private int build(Path log) throws IOException, InterruptedException {
    String mavenHome = System.getProperty("maven.home");
    assertThat(mavenHome).as("maven.home (set by the pom's Failsafe configuration)").isNotBlank();
    List<String> command = new ArrayList<>(List.of(
        Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-o", "verify",
        "-Dtest=NewOperationProbeTest", "-Dsurefire.failIfNoSpecifiedTests=false",
        "-Dit.test=DocumentedExchangeContractTest,StubsContractTest",
        "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true", "-Dokhttp5.skip=true", "-Dfuzz.skip=true",
        "-Dsandbox.cds.skip=true"));
    String repository = System.getProperty("maven.repo.local");
    if (repository != null && !repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    Process process = new ProcessBuilder(command).directory(copy.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the copy's build did not finish in 15 minutes");
    }
    return process.exitValue();
  }

  /** The counts on a test report's root element. */
  private Map<String, Integer> report(String folder, String testClass) throws IOException {
    String xml = Files.readString(copy.resolve("target/" + folder + "/TEST-" + testClass + ".xml"));
    Matcher suite = Pattern.compile("<testsuite [^>]*>").matcher(xml);
    assertThat(suite.find()).as("a testsuite element in the report of " + testClass).isTrue();
    Map<String, Integer> counts = new TreeMap<>();
    Matcher attribute = Pattern.compile("(tests|failures|errors|skipped)=\"(\\d+)\"").matcher(suite.group());
    while (attribute.find()) {
      counts.put(attribute.group(1), Integer.valueOf(attribute.group(2)));
    }
    return counts;
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
  }
}
