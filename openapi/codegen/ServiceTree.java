import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Build step after openapi-generator: groups the generated per-tag services into the client's tree.
 *
 * <p>Tags are {@code Group / Resource}. openapi-generator writes one service per tag and, from
 * {@code templates/service-index.mustache}, one line per tag ({@code class TAB tag TAB description});
 * Mustache cannot group lines, so this program writes one class per group ({@code EmergencyService},
 * with {@code units()}, {@code calls()}...) and the root {@code SonoranCadServices} that
 * {@code SonoranCadClient} extends ({@code emergency()}, {@code general()}...). A new tag or group in
 * the spec needs no change here.
 *
 * <p>Run by the build with the JDK's source launcher:
 * {@code java openapi/codegen/ServiceTree.java <service-index.tsv> <source root> <package>}.
 */
public final class ServiceTree {
  public static void main(String[] args) throws IOException {
    Path index = Path.of(args[0]);
    String pkg = args[2];
    Path dir = Path.of(args[1]).resolve(pkg.replace('.', '/'));
    Map<String, List<String[]>> groups = new TreeMap<>();
    for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      String[] tag = columns[1].split("/");
      if (tag.length != 2 || tag[0].isBlank() || tag[1].isBlank()) {
        throw new IllegalArgumentException("tag '" + columns[1] + "' of " + columns[0]
            + " is not 'Group / Resource' (see openapi/CURATION.md)");
      }
      String description = columns.length > 2 ? columns[2].trim() : "";
      groups.computeIfAbsent(tag[0].trim(), g -> new ArrayList<>())
          .add(new String[] {columns[0], tag[1].trim(), description});
    }
    Files.createDirectories(dir);
    StringBuilder rootFields = new StringBuilder();
    StringBuilder rootInit = new StringBuilder();
    StringBuilder rootAccessors = new StringBuilder();
    for (Map.Entry<String, List<String[]>> group : groups.entrySet()) {
      String groupName = group.getKey();
      String groupClass = javaName(groupName, true) + "Service";
      String groupAccessor = javaName(groupName, false);
      StringBuilder fields = new StringBuilder();
      StringBuilder init = new StringBuilder();
      StringBuilder accessors = new StringBuilder();
      for (String[] resource : group.getValue()) {
        String accessor = javaName(resource[1], false);
        fields.append("  private final ").append(resource[0]).append(' ').append(accessor).append(";\n");
        init.append("    this.").append(accessor).append(" = new ").append(resource[0]).append("(context);\n");
        accessors.append("""

              /**
               * Returns the {@code %s / %s} operations%s
               *
               * @return the service, shared by every caller of this client
               */
              public %s %s() {
                return %s;
              }
            """.formatted(groupName, resource[1],
                resource[2].isEmpty() ? "." : ": " + resource[2], resource[0], accessor, accessor));
      }
      write(dir.resolve(groupClass + ".java"), """
          %s
          package %s;

          import io.github.dispatchkit.sonorancad.internal.ServiceContext;

          /** The {@code %s} operations of the curated spec, by resource: {@code client.%s()}. Thread-safe. */
          public final class %s {
          %s
            %s(ServiceContext context) {
          %s  }
          %s}
          """.formatted(HEADER, pkg, groupName, groupAccessor, groupClass, fields, groupClass, init, accessors));
      rootFields.append("  private final ").append(groupClass).append(' ').append(groupAccessor).append(";\n");
      rootInit.append("    this.").append(groupAccessor).append(" = new ").append(groupClass).append("(context);\n");
      rootAccessors.append("""

            /**
             * Returns the {@code %s} operations.
             *
             * @return the group, shared by every caller of this client
             */
            public final %s %s() {
              return %s;
            }
          """.formatted(groupName, groupClass, groupAccessor, groupAccessor));
    }
    write(dir.resolve("SonoranCadServices.java"), """
        %s
        package %s;

        import io.github.dispatchkit.sonorancad.internal.ServiceContext;

        /**
         * The service tree of the curated spec: one accessor per tag group, then one per resource, then
         * one method per operation ({@code client.emergency().units().setUnitStatus(...)}).
         * {@code SonoranCadClient} extends it.
         */
        public abstract class SonoranCadServices {
        %s
          /**
           * Creates every service of the tree on {@code context}.
           *
           * @param context the client's executor, limits and HTTP stack
           */
          protected SonoranCadServices(ServiceContext context) {
        %s  }
        %s}
        """.formatted(HEADER, pkg, rootFields, rootInit, rootAccessors));
  }

  private static final String HEADER = """
      /*
       * Generated by openapi/codegen/ServiceTree.java from the tags of openapi/sonoran-cad-v2.yaml.
       * Do not edit: change the spec and rebuild.
       */""";

  /** {@code "Emergency"} -> {@code Emergency} or {@code emergency}; {@code "Street Signs"} -> {@code streetSigns}. */
  private static String javaName(String words, boolean upperFirst) {
    StringBuilder name = new StringBuilder();
    for (String word : words.trim().split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    if (name.length() == 0 || !Character.isJavaIdentifierStart(name.charAt(0))) {
      throw new IllegalArgumentException("no Java name in '" + words + "'");
    }
    if (!upperFirst) {
      name.setCharAt(0, Character.toLowerCase(name.charAt(0)));
    }
    return name.toString();
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
