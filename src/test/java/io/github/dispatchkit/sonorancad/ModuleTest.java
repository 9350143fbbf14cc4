package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Opens;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundary, as a module path user meets it: the descriptor exports exactly the API
 * packages; a consumer module compiles and runs against the client, and cannot compile against
 * {@code internal}. The tests themselves run on the class path, like every other test.
 */
@Timeout(120)
class ModuleTest {
  private static final String MODULE = "io.github.dispatchkit.sonorancad";
  private static final Set<String> API = Set.of(
      MODULE,
      MODULE + ".event",
      MODULE + ".exception",
      MODULE + ".generated.model",
      MODULE + ".generated.service",
      MODULE + ".logging",
      MODULE + ".metrics",
      MODULE + ".ratelimit");

  private static Path classes;
  private static ModuleDescriptor descriptor;
  private static String modulePath;

  @BeforeAll
  static void readDescriptor() throws IOException, URISyntaxException {
    classes = Path.of(SonoranCadClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }
    modulePath = modulePath();
  }

  @Test
  void exportsExactlyTheApiPackages() {
    assertThat(descriptor.name()).isEqualTo(MODULE);
    assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.source()).isFalse());
    assertThat(descriptor.exports().stream().map(Exports::source)).containsExactlyInAnyOrderElementsOf(API);
    // The core the generated code calls is in the module, not exported.
    assertThat(classes.resolve("io/github/dispatchkit/sonorancad/internal")).isDirectory();
    // Opened only for reflection by Moshi (the models' generated adapters), never to everyone.
    assertThat(descriptor.opens()).allSatisfy(o -> assertThat(o.targets()).containsExactly("com.squareup.moshi"));
    assertThat(descriptor.opens().stream().map(Opens::source)).containsExactly(MODULE + ".generated.model");
  }

  @Test
  void optionalIntegrationsAreStaticRequires() {
    Map<String, Set<Requires.Modifier>> requires = descriptor.requires().stream()
        .collect(Collectors.toMap(Requires::name, Requires::modifiers));
    assertThat(requires.get("org.slf4j")).contains(Requires.Modifier.STATIC);
    assertThat(requires.get("micrometer.core")).contains(Requires.Modifier.STATIC);
    assertThat(requires.get("lettuce.core")).contains(Requires.Modifier.STATIC);
    assertThat(requires.get("okhttp3")).containsExactly(Requires.Modifier.TRANSITIVE);
  }

  /** A consumer module compiles against the exported API, and runs on the module path against a loopback server. */
  @Test
  void aConsumerModuleCompilesAndRuns(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    write(src.resolve("module-info.java"), """
        module consumer {
          requires io.github.dispatchkit.sonorancad;
          requires jdk.httpserver;
        }
        """);
    write(src.resolve("consumer/Main.java"), """
        package consumer;

        import com.sun.net.httpserver.HttpServer;
        import io.github.dispatchkit.sonorancad.SonoranCadClient;
        import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
        import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
        import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
        import java.net.InetAddress;
        import java.net.InetSocketAddress;
        import java.nio.charset.StandardCharsets;
        import java.util.List;

        public class Main {
          public static void main(String[] args) throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
              byte[] body = "{\\"updated\\":1,\\"status\\":\\"BUSY\\"}".getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            });
            server.start();
            try (SonoranCadClient client = SonoranCadClient.builder()
                .apiKey("module-path-key")
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .build()) {
              SetUnitStatusResponse response = client.emergency().units().setUnitStatus(
                  SetUnitStatusRequest.builder().identIds(List.of(7)).status(UnitStatus.BUSY).build());
              System.out.println("updated=" + response.updated() + " module=" + SonoranCadClient.class.getModule().getName());
            } finally {
              server.stop(0);
            }
          }
        }
        """);
    Path out = dir.resolve("out");
    assertThat(compile(src, out)).as("compiles").isEmpty();

    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", out + File.pathSeparator + modulePath, "--module", "consumer/consumer.Main")
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("updated=1 module=" + MODULE);
  }

  @Test
  void aConsumerModuleCannotUseInternal(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    write(src.resolve("module-info.java"), "module consumer { requires io.github.dispatchkit.sonorancad; }\n");
    write(src.resolve("consumer/Reach.java"), """
        package consumer;

        import io.github.dispatchkit.sonorancad.internal.ServiceContext;

        class Reach {
          ServiceContext context;
        }
        """);
    assertThat(compile(src, dir.resolve("out")))
        .anySatisfy(error -> assertThat(error)
            .contains("package io.github.dispatchkit.sonorancad.internal is declared in module " + MODULE
                + ", which does not export it"));
  }

  /** Compiles the module under {@code src} into {@code out}; returns the errors. */
  private static List<String> compile(Path src, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<File> files;
    try (var paths = Files.walk(src)) {
      files = paths.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).collect(Collectors.toList());
    }
    try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      manager.setLocation(StandardLocation.CLASS_PATH, List.of()); // not this test's class path
      javac.getTask(null, manager, diagnostics, List.of("--module-path", modulePath, "-d", out.toString()), null,
          manager.getJavaFileObjectsFromFiles(files)).call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null))
        .collect(Collectors.toList());
  }

  /**
   * The client's classes and, from this test's class path, the jar of every module it requires
   * (its own descriptor says which, and so do those of its dependencies that have one), as a
   * module path user's build would assemble it. Static requires are included if present, as for a
   * user who compiles against them.
   */
  private static String modulePath() {
    Map<String, Path> jars = new LinkedHashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
        continue;
      }
      try {
        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        found.forEach(ref -> jars.putIfAbsent(ref.descriptor().name(), jar));
      } catch (FindException e) {
        // not usable as a module (no derivable name): a class path only jar
      }
    }
    List<String> path = new ArrayList<>(List.of(classes.toString()));
    Deque<ModuleDescriptor> pending = new ArrayDeque<>(List.of(descriptor));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      for (Requires requires : pending.pop().requires()) {
        Path jar = jars.get(requires.name());
        if (jar != null && seen.add(requires.name())) {
          path.add(jar.toString());
          Optional<ModuleReference> ref = ModuleFinder.of(jar).find(requires.name());
          ref.ifPresent(r -> pending.push(r.descriptor()));
        }
      }
    }
    return String.join(File.pathSeparator, path);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
