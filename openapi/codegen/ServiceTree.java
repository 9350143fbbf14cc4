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
 * with {@code units()}, {@code calls()}...), the root {@code SonoranCadServices} that a
 * {@code SonoranCadClient} holds ({@code emergency()}, {@code general()}...), and the interface
 * {@code SonoranCadApi} that gives the client those entry points. Every group and service is made on
 * first use, so a client that calls one operation loads one service. A new tag or group in the spec
 * needs no change here.
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
    StringBuilder rootAccessors = new StringBuilder();
    StringBuilder entryPoints = new StringBuilder();
    for (Map.Entry<String, List<String[]>> group : groups.entrySet()) {
      String groupName = group.getKey();
      String groupClass = javaName(groupName, true) + "Service";
      String groupAccessor = javaName(groupName, false);
      StringBuilder fields = new StringBuilder();
      StringBuilder accessors = new StringBuilder();
      for (String[] resource : group.getValue()) {
        String accessor = javaName(resource[1], false);
        fields.append("  private volatile ").append(resource[0]).append(' ').append(accessor).append(";\n");
        accessors.append(lazyAccessor("the {@code " + groupName + " / " + resource[1] + "} operations"
            + (resource[2].isEmpty() ? "." : ": " + resource[2]), "the service, shared by every caller of this client",
            resource[0], accessor));
      }
      write(dir.resolve(groupClass + ".java"), """
          %s
          package %s;

          import io.github.dispatchkit.sonorancad.internal.ServiceContext;

          /**
           * The {@code %s} operations of the curated spec, by resource: {@code client.%s()}. Each
           * resource's service is made on first use. Thread-safe.
           */
          public final class %s {
            private final ServiceContext context;
          %s
            %s(ServiceContext context) {
              this.context = context;
            }
          %s}
          """.formatted(HEADER, pkg, groupName, groupAccessor, groupClass, fields, groupClass, accessors));
      rootFields.append("  private volatile ").append(groupClass).append(' ').append(groupAccessor).append(";\n");
      rootAccessors.append(lazyAccessor("the {@code " + groupName + "} operations.",
          "the group, shared by every caller of this client", groupClass, groupAccessor));
      entryPoints.append("""

            /**
             * Returns the {@code %s} operations.
             *
             * @return the group, shared by every caller of this client
             */
            default %s %s() {
              return services().%s();
            }
          """.formatted(groupName, groupClass, groupAccessor, groupAccessor));
    }
    write(dir.resolve("SonoranCadServices.java"), """
        %s
        package %s;

        import io.github.dispatchkit.sonorancad.internal.ServiceContext;

        /**
         * The service tree of the curated spec: one accessor per tag group, then one per resource, then
         * one method per operation ({@code emergency().units().setUnitStatus(...)}). Each group and
         * service is made on first use. A {@code SonoranCadClient} holds one; {@link SonoranCadApi} gives
         * the client its entry points. Thread-safe.
         */
        public final class SonoranCadServices {
          private final ServiceContext context;
        %s
          /**
           * Creates the tree of one client; nothing below it is made until used.
           *
           * @param context the client's executor, default server ID and coalescing streams
           */
          public SonoranCadServices(ServiceContext context) {
            this.context = context;
          }
        %s}
        """.formatted(HEADER, pkg, rootFields, rootAccessors));
    write(dir.resolve("SonoranCadApi.java"), """
        %s
        package %s;

        /**
         * The entry points of the service tree, {@code client.emergency().units().setUnitStatus(...)}:
         * each tag group's accessor, forwarding to {@link #services()}.
         */
        public interface SonoranCadApi {
          /**
           * Returns the service tree these entry points forward to.
           *
           * @return the tree, shared by every caller
           */
          SonoranCadServices services();
        %s}
        """.formatted(HEADER, pkg, entryPoints));
  }

  /** An accessor that makes its object from the context on first use. */
  private static String lazyAccessor(String what, String returns, String type, String name) {
    return """

          /**
           * Returns %s
           *
           * @return %s
           */
          public %s %s() {
            %s result = %s;
            if (result == null) {
              synchronized (this) {
                result = %s;
                if (result == null) {
                  result = new %s(context);
                  %s = result;
                }
              }
            }
            return result;
          }
        """.formatted(what, returns, type, name, type, name, name, type, name);
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
