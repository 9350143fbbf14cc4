import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Build step: turns the sandbox-junit bundle (the sandbox classes and their libraries, unpacked into one
 * jar by src/test/assembly/sandbox-junit.xml) into the relocated {@code sandbox-junit} jar, so that
 * adding it to a project's tests brings none of its libraries' classes under their own names.
 *
 * <p>Every class of the bundle outside {@code keep} (the sandbox's own package) moves under
 * {@code prefix}, and every reference to it follows: in class files (types, descriptors, signatures,
 * annotations, string constants naming a moved class or package, as {@code Class.forName} takes
 * them, and type descriptors in string constants, as bytecode generators write them), in {@code META-INF/services} files (name and lines), and resources in a moved package move
 * with it. References to anything else (the JDK, the client, OkHttp, JUnit) are left alone. Entries
 * under {@code META-INF/versions} and {@code module-info} are dropped: the moved classes are one
 * plain classpath jar. Run with the JDK's source launcher and ASM on the classpath:
 *
 * <pre>java -cp asm.jar:asm-commons.jar:asm-tree.jar Relocate.java in.jar out.jar prefix keep</pre>
 *
 * <p>{@code prefix} and {@code keep} are package names with dots, such as
 * {@code io.github.dispatchkit.sonorancad.sandbox.shaded} and {@code io.github.dispatchkit.sonorancad}.
 */
public final class Relocate {

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: Relocate in.jar out.jar prefix keep");
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String prefix = args[2].replace('.', '/') + "/";
    String keep = args[3].replace('.', '/') + "/";

    Map<String, byte[]> entries = new LinkedHashMap<>();
    Manifest manifest;
    try (JarFile jar = new JarFile(in.toFile())) {
      manifest = jar.getManifest();
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/versions/")
            || name.endsWith("module-info.class")) {
          continue;
        }
        try (InputStream content = jar.getInputStream(entry)) {
          entries.put(name, content.readAllBytes());
        }
      }
    }

    Set<String> moved = new HashSet<>();
    Set<String> packages = new TreeSet<>((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
    for (String name : entries.keySet()) {
      if (name.endsWith(".class") && !name.startsWith(keep)) {
        String type = name.substring(0, name.length() - ".class".length());
        moved.add(type);
        if (type.lastIndexOf('/') > 0) {
          packages.add(type.substring(0, type.lastIndexOf('/')));
        }
      }
    }
    // Descriptors in string constants (what bytecode generators such as Rhino's write): Lcom/x/Y; at the start or after ( ) ; [ or a primitive type.
    Pattern descriptors = Pattern.compile("(?<=^|[(;\\[)BCDFIJSZ])L(" + String.join("|", packages.stream().map(Pattern::quote).toList())
        + ")/");
    Remapper remapper = new Remapper(Opcodes.ASM9) {
      @Override
      public String map(String internalName) {
        return moved.contains(internalName) ? prefix + internalName : internalName;
      }

      @Override
      public Object mapValue(Object value) {
        if (value instanceof String text) {
          String relocated = relocateText(text, packages, prefix);
          return relocated.equals(text) && text.indexOf(';') > 0
              ? descriptors.matcher(text).replaceAll(match -> Matcher.quoteReplacement("L" + prefix + match.group(1) + "/"))
              : relocated;
        }
        return super.mapValue(value);
      }
    };

    Files.createDirectories(out.toAbsolutePath().getParent());
    int classes = 0;
    try (OutputStream file = Files.newOutputStream(out);
        JarOutputStream jar = manifest == null ? new JarOutputStream(file) : new JarOutputStream(file, manifest)) {
      Set<String> written = new HashSet<>();
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        String name = entry.getKey();
        byte[] content = entry.getValue();
        if (name.endsWith(".class")) {
          ClassReader reader = new ClassReader(content);
          ClassWriter writer = new ClassWriter(0);
          reader.accept(new ClassRemapper(writer, remapper), 0);
          content = writer.toByteArray();
          name = remapper.map(name.substring(0, name.length() - ".class".length())) + ".class";
          classes++;
        } else if (name.startsWith("META-INF/services/")) {
          String service = name.substring("META-INF/services/".length());
          name = "META-INF/services/" + relocateText(service, packages, prefix);
          List<String> lines = new ArrayList<>();
          for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            lines.add(relocateText(line.strip(), packages, prefix));
          }
          content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        } else if (name.lastIndexOf('/') > 0 && packages.contains(name.substring(0, name.lastIndexOf('/')))) {
          name = prefix + name;
        }
        if (written.add(name)) {
          jar.putNextEntry(new JarEntry(name));
          jar.write(content);
          jar.closeEntry();
        }
      }
    }
    System.out.println("Relocated " + moved.size() + " classes in " + packages.size() + " packages under "
        + prefix + "; wrote " + classes + " classes to " + out);
  }

  /** Prefixes a class or package name (with dots or slashes, optionally a leading slash) that was moved. */
  private static String relocateText(String text, Set<String> packages, String prefix) {
    String slashed = text.replace('.', '/');
    boolean leading = slashed.startsWith("/");
    String bare = leading ? slashed.substring(1) : slashed;
    for (String pkg : packages) {
      if (bare.equals(pkg) || bare.startsWith(pkg + "/")) {
        // A dotted name stays dotted; a slashed one (an internal name or a resource path) keeps its own text
        // after the prefix, so a resource's file extension survives.
        if (text.indexOf('/') < 0) {
          return prefix.replace('/', '.') + text;
        }
        return (leading ? "/" : "") + prefix + text.substring(leading ? 1 : 0);
      }
    }
    return text;
  }
}
