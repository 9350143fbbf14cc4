package io.github.dispatchkit.sonorancad.specgate;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.ChangedApiResponse;
import org.openapitools.openapidiff.core.model.ChangedContent;
import org.openapitools.openapidiff.core.model.ChangedMediaType;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedParameter;
import org.openapitools.openapidiff.core.model.ChangedParameters;
import org.openapitools.openapidiff.core.model.ChangedRequestBody;
import org.openapitools.openapidiff.core.model.ChangedResponse;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.Endpoint;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * Build-time gate that fails when the curated spec breaks callers of the last released client
 * without the SemVer bump that such a change requires.
 *
 * <p>openapi-diff compares the baseline (the spec of the last release) with the curated spec. A
 * change breaks callers when openapi-diff calls it incompatible, or when it removes or retypes
 * something the generated Java API exposes: an operation, a parameter, a response, a property, an
 * enum value or a component schema (a generated class); a type or format change; an optional
 * request property or parameter made required. A breaking change needs a minor bump while the
 * major version is 0 and a major bump from 1.0 on. Additive changes always pass, a value added to
 * a response enum among them: every enum the templates generate is open (an unknown value decodes
 * to its unknown form), so a released client reads the new value without failing.
 *
 * <p>The released version is the baseline's {@code info.version}; the curated spec's {@code
 * info.version} must equal the POM version, so moving the baseline at a release carries it along.
 *
 * <p>Run by every build at {@code process-sources}, before anything is compiled, so that a breaking
 * change is reported by name before {@code javac} fails on code that used what it removed: the pom
 * starts this file with the JDK's source launcher on the test dependencies' classpath, with the
 * arguments {@code <baseline> <current> <pom version> <report.md>}. It always writes the Markdown
 * report, then exits with status 1 and the reasons when the gate fails.
 */
public final class SpecCompatibilityGate {

  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");

  private SpecCompatibilityGate() {}

  /**
   * Compares the specs, writes the report and fails on an unversioned breaking change, printing the
   * verdict only then.
   *
   * @param args baseline spec, current spec, POM version, report path
   * @throws IOException if a spec cannot be read or the report cannot be written
   * @throws Failure if the gate fails; the message names every reason
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "Usage: SpecCompatibilityGate <baseline.yaml> <current.yaml> <pom version> <report.md>");
    }
    Result result = check(Path.of(args[0]), Path.of(args[1]), args[2]);
    Path report = Path.of(args[3]);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, result.report(), StandardCharsets.UTF_8);
    // Silent when it passes (no chatter under mvn -q); the verdict is always in the report.
    if (!result.passed()) {
      System.out.println("[spec-gate] " + result.summary() + " Report: " + report);
      throw new Failure(result.summary());
    }
  }

  /** openapi-diff's rules, less the one that calls a value added to a response enum breaking. */
  private static final OpenApiDiffOptions OPEN_ENUMS = OpenApiDiffOptions.builder()
      .configProperty("incompatible.response.enum.increased", "false")
      .build();

  /**
   * Compares {@code baseline} with {@code current} and judges the change against {@code
   * pomVersion}.
   *
   * @param baseline the spec of the last release
   * @param current the curated spec
   * @param pomVersion the version in the POM, such as {@code 0.2.0}
   * @return the verdict, the breaking changes and the Markdown report
   */
  public static Result check(Path baseline, Path current, String pomVersion) {
    for (Path spec : List.of(baseline, current)) {
      if (!Files.isRegularFile(spec)) {
        throw new IllegalArgumentException("Spec not found: " + spec);
      }
    }
    ChangedOpenApi diff =
        OpenApiCompare.fromFiles(baseline.toFile(), current.toFile(), null, OPEN_ENUMS);
    Version released = Version.parse(diff.getOldSpecOpenApi().getInfo().getVersion(), baseline);
    Version specVersion = Version.parse(diff.getNewSpecOpenApi().getInfo().getVersion(), current);
    Version pom = Version.parse(pomVersion, Path.of("pom.xml"));
    OpenAPI declared = new OpenAPIV3Parser().read(baseline.toString());
    List<String> breaking = new ArrayList<>(breakingChanges(diff, declared));

    String summary;
    boolean passed = false;
    if (!specVersion.sameRelease(pom)) {
      summary = "info.version " + specVersion + " of " + current.getFileName()
          + " must equal the POM version " + pom + " (see README \"Changing the spec\").";
    } else if (pom.compareTo(released) < 0) {
      summary = "POM version " + pom + " is lower than the released baseline " + released + ".";
    } else if (!breaking.isEmpty() && !pom.allowsBreakingChangeFrom(released)) {
      summary = "Spec change breaks callers but version " + pom + " was not raised: "
          + String.join("; ", breaking) + ". Raise to " + released.nextBreaking()
          + " (see README \"Changing the spec\").";
    } else {
      passed = true;
      summary = !breaking.isEmpty() ? "Breaking spec changes since " + released
              + " allowed by version " + pom + ": " + String.join("; ", breaking) + "."
          : diff.isDifferent() ? "Compatible spec changes since " + released + "."
          : "No spec changes since " + released + ".";
    }
    return new Result(passed, summary, breaking, report(passed, summary, breaking, diff));
  }

  /**
   * Names the changes of {@code diff} that break callers of the generated client.
   *
   * @param diff openapi-diff's comparison
   * @param declared the baseline as written (references and allOf not resolved), for names
   */
  static Set<String> breakingChanges(ChangedOpenApi diff, OpenAPI declared) {
    Set<String> out = new LinkedHashSet<>();
    Walker walker = new Walker(diff.getOldSpecOpenApi(), declared, out);
    for (Endpoint e : diff.getMissingEndpoints()) {
      out.add("removed operation " + e.getMethod() + " " + e.getPathUrl()
          + operationId(e.getOperation().getOperationId()));
    }
    for (ChangedOperation op : diff.getChangedOperations()) {
      walker.operation(op);
    }
    Set<String> removedSchemas = new TreeSet<>(schemaNames(diff.getOldSpecOpenApi()));
    removedSchemas.removeAll(schemaNames(diff.getNewSpecOpenApi()));
    removedSchemas.forEach(name -> out.add("removed or renamed schema " + name));
    if (out.isEmpty() && diff.isIncompatible()) {
      for (ChangedOperation op : diff.getChangedOperations()) {
        if (op.isIncompatible()) {
          out.add("openapi-diff reports an incompatible change in " + op.getHttpMethod() + " "
              + op.getPathUrl() + " (see the report)");
        }
      }
      if (out.isEmpty()) {
        out.add("openapi-diff reports an incompatible change (see the report)");
      }
    }
    return out;
  }

  private static Set<String> schemaNames(OpenAPI api) {
    return api.getComponents() == null || api.getComponents().getSchemas() == null
        ? Set.of() : api.getComponents().getSchemas().keySet();
  }

  private static String operationId(String id) {
    return id == null ? "" : " (" + id + ")";
  }

  private static String report(
      boolean passed, String summary, List<String> breaking, ChangedOpenApi diff) {
    StringBuilder md = new StringBuilder("# Spec compatibility report\n\n")
        .append("**").append(passed ? "PASS" : "FAIL").append("**: ").append(summary).append("\n\n")
        .append("## Changes that break callers\n\n");
    if (breaking.isEmpty()) {
      md.append("None.\n");
    }
    breaking.forEach(b -> md.append("- ").append(b).append('\n'));
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    try (OutputStreamWriter writer = new OutputStreamWriter(rendered, StandardCharsets.UTF_8)) {
      new MarkdownRender().render(diff, writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return md.append("\n## All changes (openapi-diff)\n\n")
        .append(rendered.toString(StandardCharsets.UTF_8)).toString();
  }

  /** Walks the changed operations of one diff and names what breaks callers. */
  private static final class Walker {
    private final Map<String, Schema<?>> components = new HashMap<>();
    private final Map<Schema<?>, String> componentNames = new IdentityHashMap<>();
    private final Set<ChangedSchema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<String> out;

    Walker(OpenAPI resolved, OpenAPI declared, Set<String> out) {
      this.out = out;
      if (resolved.getComponents() != null && resolved.getComponents().getSchemas() != null) {
        resolved.getComponents().getSchemas().forEach((name, schema) -> componentNames.put(schema, name));
      }
      if (declared != null && declared.getComponents() != null
          && declared.getComponents().getSchemas() != null) {
        declared.getComponents().getSchemas().forEach(components::put);
      }
    }

    void operation(ChangedOperation op) {
      String where = op.getHttpMethod() + " " + op.getPathUrl();
      if (op.getOperationId() != null && op.getOperationId().isDifferent()) {
        out.add("changed operationId of " + where + " from " + op.getOperationId().getLeft()
            + " to " + op.getOperationId().getRight());
      }
      parameters(op.getParameters(), where);
      ChangedRequestBody body = op.getRequestBody();
      if (body != null) {
        if (body.isChangeRequired() && Boolean.TRUE.equals(body.getNewRequestBody().getRequired())) {
          out.add("made the request body of " + where + " required");
        }
        content(body.getContent(), "request body of " + where);
      }
      ChangedApiResponse responses = op.getApiResponses();
      if (responses != null) {
        responses.getMissing().keySet().forEach(code ->
            out.add("removed response " + code + " from " + where));
        for (Map.Entry<String, ChangedResponse> e : responses.getChanged().entrySet()) {
          content(e.getValue().getContent(), "response " + e.getKey() + " of " + where);
        }
      }
    }

    private void parameters(ChangedParameters params, String where) {
      if (params == null) {
        return;
      }
      for (Parameter p : params.getMissing()) {
        out.add("removed " + p.getIn() + " parameter " + p.getName() + " from " + where);
      }
      for (Parameter p : params.getIncreased()) {
        if (Boolean.TRUE.equals(p.getRequired())) {
          out.add("added required " + p.getIn() + " parameter " + p.getName() + " to " + where);
        }
      }
      for (ChangedParameter p : params.getChanged()) {
        if (p.isChangeRequired() && Boolean.TRUE.equals(p.getNewParameter().getRequired())) {
          out.add("made " + p.getIn() + " parameter " + p.getName() + " of " + where + " required");
        }
        schema(p.getSchema(), "parameter " + p.getName() + " of " + where,
            p.getOldParameter().getSchema());
      }
    }

    private void content(ChangedContent content, String where) {
      if (content == null) {
        return;
      }
      content.getMissing().keySet().forEach(type ->
          out.add("removed media type " + type + " from " + where));
      for (ChangedMediaType media : content.getChanged().values()) {
        schema(media.getSchema(), where, media.getOldSchema());
      }
    }

    /**
     * Names the breaking changes of one schema and its parts. openapi-diff resolves references and
     * merges allOf, so {@code declared} (the old spec's schema at this place) supplies the name.
     */
    private void schema(ChangedSchema changed, String label, Schema<?> declared) {
      if (changed == null || !seen.add(changed)) {
        return;
      }
      String ref = refName(declared);
      Schema<?> old = ref != null && components.containsKey(ref) ? components.get(ref) : declared;
      String name = componentNames.containsKey(changed.getOldSchema())
          ? componentNames.get(changed.getOldSchema())
          : Objects.requireNonNullElse(ref, label);
      boolean request = changed.getContext().isRequest();
      changed.getMissingProperties().keySet().forEach(p ->
          out.add("removed property " + p + " from " + name));
      if (changed.getEnumeration() != null) {
        changed.getEnumeration().getMissing().forEach(v ->
            out.add("removed enum value " + v + " from " + name));
      }
      if (changed.isChangedType() || changed.isChangeFormat()) {
        String before = type(changed.getOldSchema());
        String after = type(changed.getNewSchema());
        out.add(before.equals(after)
            ? "changed how " + name + " is declared (a " + before + " before and after, such as a"
                + " plain type turned into an anyOf: the generated Java type changes)"
            : "changed the type of " + name + " from " + before + " to " + after);
      }
      if (changed.getRequired() != null) {
        if (request) {
          changed.getRequired().getIncreased().forEach(p ->
              out.add("made property " + p + " of " + name + " required"));
        } else {
          changed.getRequired().getMissing().stream()
              .filter(p -> !changed.getMissingProperties().containsKey(p))
              .forEach(p -> out.add("made property " + p + " of " + name + " optional in responses"));
        }
      }
      changed.getChangedProperties().forEach((p, child) -> schema(child, name + "." + p,
          old == null || old.getProperties() == null ? null : old.getProperties().get(p)));
      schema(changed.getItems(), name + "[]", old == null ? null : old.getItems());
      schema(changed.getAddProp(), name + "{}", null);
      if (changed.getOneOfSchema() != null) {
        changed.getOneOfSchema().getMissing().keySet().forEach(s ->
            out.add("removed oneOf alternative " + s + " from " + name));
        changed.getOneOfSchema().getChanged().forEach((s, child) -> schema(child, s, null));
      }
    }

    /** The component a schema refers to, directly or as the only element of an allOf. */
    private static String refName(Schema<?> schema) {
      if (schema == null) {
        return null;
      }
      if (schema.get$ref() != null) {
        return schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      }
      if (schema instanceof ComposedSchema composed && composed.getAllOf() != null
          && composed.getAllOf().size() == 1) {
        return refName(composed.getAllOf().get(0));
      }
      return null;
    }

    private static String type(Schema<?> schema) {
      return schema == null ? "none"
          : schema.getFormat() == null ? String.valueOf(schema.getType())
          : schema.getType() + "/" + schema.getFormat();
    }
  }

  /**
   * Outcome of one comparison.
   *
   * @param passed whether the build may go on
   * @param summary one line: the verdict and, on failure, every reason and the version to raise to
   * @param breakingChanges what breaks callers, named; empty for additive changes
   * @param report the Markdown report, with openapi-diff's rendering of all changes
   */
  public record Result(boolean passed, String summary, List<String> breakingChanges, String report) {}

  /** Thrown by {@link #main} when the gate fails; the message says why, a stack trace would not. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A SemVer version; pre-release and build suffixes are ignored. */
  record Version(int major, int minor, int patch) implements Comparable<Version> {

    static Version parse(String text, Path source) {
      Matcher m = SEMVER.matcher(text == null ? "" : text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "Not a SemVer version (MAJOR.MINOR.PATCH): '" + text + "' in " + source);
      }
      return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
    }

    boolean sameRelease(Version other) {
      return compareTo(other) == 0;
    }

    /** Whether this version is raised enough above {@code released} for a breaking change. */
    boolean allowsBreakingChangeFrom(Version released) {
      return released.major == 0
          ? major > 0 || minor > released.minor
          : major > released.major;
    }

    /** The smallest version that may carry a breaking change after this one. */
    Version nextBreaking() {
      return major == 0 ? new Version(0, minor + 1, 0) : new Version(major + 1, 0, 0);
    }

    @Override
    public int compareTo(Version o) {
      return major != o.major ? Integer.compare(major, o.major)
          : minor != o.minor ? Integer.compare(minor, o.minor)
          : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
      return major + "." + minor + "." + patch;
    }
  }
}
