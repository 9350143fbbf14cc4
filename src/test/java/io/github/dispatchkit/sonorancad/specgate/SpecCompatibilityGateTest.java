package io.github.dispatchkit.sonorancad.specgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.dispatchkit.sonorancad.specgate.SpecCompatibilityGate.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the gate on mutated copies of the released spec (the baseline, version 0.1.0), written to a
 * temporary directory, so the gate's rules are tested whatever the curated spec holds until the next
 * release.
 */
class SpecCompatibilityGateTest {

  private static final Path SPEC = Path.of("openapi", "baseline", "sonoran-cad-v2.yaml");
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  @Test
  void unchangedSpecPasses() throws IOException {
    // Also shows that rewriting the YAML, as every test here does, changes nothing by itself.
    Result result = SpecCompatibilityGate.check(SPEC, baseline(), "0.1.0");

    assertThat(result.passed()).isTrue();
    assertThat(result.breakingChanges()).isEmpty();
    assertThat(result.report()).contains("**PASS**", "No differences");
  }

  @Test
  void removedResponseFieldFails() throws IOException {
    Path current = copy("current.yaml", spec -> {
      ObjectNode response = schema(spec, "SetUnitStatusResponse");
      ((ObjectNode) response.get("properties")).remove("updated");
      removeValue((ArrayNode) response.get("required"), "updated");
    });

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.passed()).isFalse();
    assertThat(result.breakingChanges())
        .containsExactly("removed property updated from SetUnitStatusResponse");
    assertThat(result.summary()).isEqualTo(
        "Spec change breaks callers but version 0.1.0 was not raised: removed property updated"
            + " from SetUnitStatusResponse. Raise to 0.2.0 (see README \"Changing the spec\").");
    assertThat(result.report()).contains("**FAIL**", "Deleted property `updated`");
  }

  @Test
  void removedEnumValueFails() throws IOException {
    Path current = copy("current.yaml", spec -> dropUnitStatusOffline(spec));

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.passed()).isFalse();
    assertThat(result.breakingChanges()).containsExactly("removed enum value 100 from UnitStatus");
    assertThat(result.summary()).contains("Raise to 0.2.0");
    assertThat(result.report()).contains("Removed enum value");
  }

  @Test
  void newOptionalRequestFieldPassesAndIsReported() throws IOException {
    Path current = copy("current.yaml", spec ->
        ((ObjectNode) schema(spec, "CreateIdentifierRequest").get("properties"))
            .putObject("callsign")
            .put("description", "Radio callsign.")
            .put("type", "string"));

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.passed()).isTrue();
    assertThat(result.breakingChanges()).isEmpty();
    assertThat(result.summary()).isEqualTo("Compatible spec changes since 0.1.0.");
    assertThat(result.report()).contains("**PASS**", "Added property `callsign`");
  }

  @Test
  void newResponseFieldAndNewRequestEnumValuePass() throws IOException {
    Path current = copy("current.yaml", spec -> {
      ((ObjectNode) schema(spec, "CreateIdentifierResponse").get("properties"))
          .putObject("unitNum").put("type", "string");
      ((ArrayNode) schema(spec, "UnitStatus").get("enum")).add(5);
      ((ArrayNode) schema(spec, "UnitStatus").get("x-enum-varnames")).add("PATROL");
    });

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.passed()).isTrue();
    assertThat(result.breakingChanges()).isEmpty();
    assertThat(result.report()).contains("`unitNum`", "`5`");
  }

  @Test
  void newValueOfAResponseEnumPasses() throws IOException {
    // Set Unit Status returns UnitStatusName; every generated enum keeps unknown values, so a
    // released client reads a new one. openapi-diff alone calls this incompatible.
    Consumer<ObjectNode> closed = spec -> statusNames(schema(spec, "UnitStatusName").put("type", "string"));
    Path before = copy("before.yaml", closed);
    Path after = copy("after.yaml", closed.andThen(spec ->
        ((ArrayNode) schema(spec, "UnitStatusName").get("enum")).add("PATROL")));

    Result result = SpecCompatibilityGate.check(before, after, "0.1.0");

    assertThat(result.breakingChanges()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.report()).contains("`PATROL`");
  }

  @Test
  void newValueOfAnOpenAnyOfEnumPasses() throws IOException {
    // The curated spec's form of an open string enum: anyOf [the known names, any string].
    Consumer<ObjectNode> open = spec -> {
      ObjectNode names = schema(spec, "UnitStatusName");
      names.remove("type");
      ArrayNode anyOf = names.putArray("anyOf");
      statusNames(anyOf.addObject().put("type", "string"));
      anyOf.addObject().put("type", "string");
    };
    Path before = copy("before.yaml", open);
    Path after = copy("after.yaml", open.andThen(spec ->
        ((ArrayNode) schema(spec, "UnitStatusName").get("anyOf").get(0).get("enum")).add("PATROL")));

    Result result = SpecCompatibilityGate.check(before, after, "0.1.0");

    assertThat(result.breakingChanges()).isEmpty();
    assertThat(result.passed()).isTrue();
  }

  @Test
  void optionalRequestFieldMadeRequiredFails() throws IOException {
    Path current = copy("current.yaml", spec ->
        schema(spec, "CreateIdentifierRequest").putArray("required").add("name"));

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.breakingChanges())
        .containsExactly("made property name of CreateIdentifierRequest required");
  }

  @Test
  void changedTypeFails() throws IOException {
    Path current = copy("current.yaml", spec ->
        ((ObjectNode) schema(spec, "CreateIdentifierResponse").get("properties").get("identId"))
            .put("format", "int64"));

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.breakingChanges()).containsExactly(
        "changed the type of CreateIdentifierResponse.identId from integer/int32 to integer/int64");
  }

  @Test
  void removedOperationFails() throws IOException {
    Path current = copy("current.yaml", spec ->
        ((ObjectNode) spec.get("paths")).remove("/v2/emergency/accounts/{accountUuid}/identifiers"));

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.breakingChanges()).contains(
        "removed operation POST /v2/emergency/accounts/{accountUuid}/identifiers (createIdentifier)");
  }

  @Test
  void renamedSchemaFails() throws IOException {
    // openapi-diff sees the same structure; the generated class RateLimitError would be gone.
    Path current = copy("current.yaml", spec -> {
      ObjectNode schemas = (ObjectNode) spec.path("components").path("schemas");
      schemas.set("GatewayError", schemas.remove("RateLimitError"));
      ((ObjectNode) spec.path("components").path("responses").path("TooManyRequests")
          .path("content").path("application/json").path("schema"))
          .put("$ref", "#/components/schemas/GatewayError");
    });

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.0");

    assertThat(result.breakingChanges()).containsExactly("removed or renamed schema RateLimitError");
  }

  @Test
  void breakingChangePassesOnceTheMinorVersionIsRaised() throws IOException {
    Path current = copy("current.yaml", spec -> {
      dropUnitStatusOffline(spec);
      ((ObjectNode) spec.get("info")).put("version", "0.2.0");
    });

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.2.0");

    assertThat(result.passed()).isTrue();
    assertThat(result.summary()).isEqualTo("Breaking spec changes since 0.1.0 allowed by version"
        + " 0.2.0: removed enum value 100 from UnitStatus.");
  }

  @Test
  void patchBumpIsNotEnoughForABreakingChange() throws IOException {
    Path current = copy("current.yaml", spec -> {
      dropUnitStatusOffline(spec);
      ((ObjectNode) spec.get("info")).put("version", "0.1.1");
    });

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.1.1");

    assertThat(result.passed()).isFalse();
    assertThat(result.summary()).contains("version 0.1.1 was not raised", "Raise to 0.2.0");
  }

  @Test
  void fromOneZeroOnABreakingChangeNeedsAMajorBump() throws IOException {
    Path baseline = copy("baseline.yaml", spec -> ((ObjectNode) spec.get("info")).put("version", "1.2.0"));
    Path minor = copy("minor.yaml", spec -> {
      dropUnitStatusOffline(spec);
      ((ObjectNode) spec.get("info")).put("version", "1.3.0");
    });
    Path major = copy("major.yaml", spec -> {
      dropUnitStatusOffline(spec);
      ((ObjectNode) spec.get("info")).put("version", "2.0.0");
    });

    assertThat(SpecCompatibilityGate.check(baseline, minor, "1.3.0").summary())
        .contains("version 1.3.0 was not raised", "Raise to 2.0.0");
    assertThat(SpecCompatibilityGate.check(baseline, major, "2.0.0").passed()).isTrue();
  }

  @Test
  void specVersionMustFollowThePomVersion() throws IOException {
    Path current = copy("current.yaml", spec -> {});

    Result result = SpecCompatibilityGate.check(baseline(), current, "0.2.0");

    assertThat(result.passed()).isFalse();
    assertThat(result.summary())
        .isEqualTo("info.version 0.1.0 of current.yaml must equal the POM version 0.2.0"
            + " (see README \"Changing the spec\").");
  }

  @Test
  void mainWritesTheReportAndFailsWithTheReason() throws IOException {
    Path current = copy("current.yaml", spec -> dropUnitStatusOffline(spec));
    Path report = dir.resolve("spec-diff").resolve("report.md");
    String[] args = {baseline().toString(), current.toString(), "0.1.0", report.toString()};

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> SpecCompatibilityGate.main(args))
          .isInstanceOf(SpecCompatibilityGate.Failure.class)
          .hasMessageContaining("removed enum value 100 from UnitStatus");
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("[spec-gate] Spec change breaks callers")
        .contains("Report: " + report);
    assertThat(Files.readString(report, StandardCharsets.UTF_8))
        .contains("- removed enum value 100 from UnitStatus");
  }

  /** No chatter under {@code mvn -q}: a passing gate prints nothing and writes its verdict to the report. */
  @Test
  void aPassingGatePrintsNothing() throws IOException {
    Path report = dir.resolve("spec-diff").resolve("report.md");
    String[] args = {baseline().toString(), baseline().toString(), "0.1.0", report.toString()};
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      SpecCompatibilityGate.main(args);
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains("No spec changes since 0.1.0.");
  }

  private Path baseline() throws IOException {
    Path baseline = dir.resolve("baseline.yaml");
    if (!Files.exists(baseline)) {
      copy("baseline.yaml", spec -> {});
    }
    return baseline;
  }

  /** Writes the curated spec, changed by {@code mutation}, to the temporary directory. */
  private Path copy(String name, Consumer<ObjectNode> mutation) throws IOException {
    ObjectNode spec = (ObjectNode) YAML.readTree(SPEC.toFile());
    mutation.accept(spec);
    Path file = dir.resolve(name);
    YAML.writeValue(file.toFile(), spec);
    return file;
  }

  private static void dropUnitStatusOffline(ObjectNode spec) {
    ObjectNode unitStatus = schema(spec, "UnitStatus");
    removeValue((ArrayNode) unitStatus.get("enum"), "100");
    removeValue((ArrayNode) unitStatus.get("x-enum-varnames"), "OFFLINE");
  }

  /** Gives {@code schema} the six UNIT_STATUS names as a plain {@code enum}. */
  private static void statusNames(ObjectNode schema) {
    schema.remove("x-extensible-enum");
    ArrayNode names = schema.putArray("enum");
    for (String name : new String[] {"UNAVAILABLE", "BUSY", "AVAILABLE", "ENROUTE", "ON_SCENE", "OFFLINE"}) {
      names.add(name);
    }
  }

  private static ObjectNode schema(ObjectNode spec, String name) {
    JsonNode schema = spec.path("components").path("schemas").path(name);
    assertThat(schema.isObject()).as("schema %s in %s", name, SPEC).isTrue();
    return (ObjectNode) schema;
  }

  private static void removeValue(ArrayNode array, String value) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).asText().equals(value)) {
        array.remove(i);
        return;
      }
    }
    throw new AssertionError(value + " not found in " + array);
  }
}
