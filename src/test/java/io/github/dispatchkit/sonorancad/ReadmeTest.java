package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.generated.model.Create911CallRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitPanicRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.sandbox.SandboxEventBridge;
import io.github.dispatchkit.sonorancad.sandbox.SandboxEventHub;
import io.github.dispatchkit.sonorancad.sandbox.SandboxIdentifier;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's operations table is the spec's: one row per operation (tag, generated method, HTTP method
 * and path, limit, retry), in tag then operationId order, and the paging table lists exactly the
 * {@code x-paging} operations. On drift the failure prints the table to paste. Every Java example
 * compiles as written, and every program among them (a class with {@code main}) runs as written in
 * its own JVM against the embedded sandbox, exits 0 within a minute and prints its result.
 */
class ReadmeTest {
  @Test
  void operationsTableMatchesTheSpec() throws Exception {
    List<String> expected = new ArrayList<>();
    List<String> paging = new ArrayList<>();
    for (PackagedSpec.PathOperation operation : PackagedSpec.operations()) {
      String[] row = row(operation.path, operation.method, operation.operation);
      expected.add(row[0]);
      if (row[1] != null) {
        paging.add(row[1]);
      }
    }
    List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(MarkdownTable.rowsAfter(readme, "## Operations"))
        .as("README ## Operations, expected:%n%s", String.join("\n", expected))
        .isEqualTo(expected);
    assertThat(MarkdownTable.rowsAfter(readme, "### Paging"))
        .as("README ### Paging, expected:%n%s", String.join("\n", paging))
        .isEqualTo(paging);
  }

  /**
   * Every Java block without a class (paging, status stream) compiles as it is, its imports on top
   * and its statements in a method taking the {@code client} the README says they use.
   */
  @Test
  void snippetsCompile(@TempDir Path dir) throws Exception {
    List<JavaFileObject> units = new ArrayList<>();
    for (String block : javaBlocks()) {
      if (!CLASS_NAME.matcher(block).find()) {
        StringBuilder imports = new StringBuilder();
        StringBuilder statements = new StringBuilder();
        for (String line : block.split("\n")) {
          (line.startsWith("import ") ? imports : statements).append(line).append('\n');
        }
        String name = "ReadmeSnippet" + units.size();
        units.add(source(name, imports + "class " + name + " {\n  void run(" + SonoranCadClient.class.getName()
            + " client) throws Exception {\n" + statements + "  }\n}\n"));
      }
    }
    assertThat(units).as("paging, status stream").hasSizeGreaterThanOrEqualTo(2);
    StringWriter errors = new StringWriter();
    assertThat(compile(dir, units, errors)).as("README snippets:%n%s", errors).isTrue();
  }

  /** Every Java block that declares a class compiles as it is, imports included, with {@code -Werror}. */
  @Test
  void wholeProgramExamplesCompile() {
    assertThat(programs()).isDirectory();
  }

  /** Usage, run as written: creates an identifier on the sandbox and sets it en route. */
  @Test
  void usageRunsAgainstTheSandbox() throws Exception {
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start()) {
      Program usage = Program.start("Usage", environment(sandbox), UUID.randomUUID().toString());

      assertThat(usage.finish()).contains("1 set to ENROUTE");
      assertThat(sandbox.identifier(1)).map(SandboxIdentifier::status).contains(UnitStatus.ENROUTE.value());
    }
  }

  /** The events program relays what the sandbox's hub publishes for a panic and a 911 call, then exits on Enter. */
  @Test
  void eventRelayRunsAgainstTheSandboxHub() throws Exception {
    try (SandboxEventHub hub = SandboxEventHub.builder().build().start();
        SonoranCadSandbox sandbox = SonoranCadSandbox.builder().onExchange(new SandboxEventBridge(hub)).build().start();
        SonoranCadClient client = client(sandbox)) {
      Program relay = Program.start("EventRelay", environment(sandbox), SandboxEventHub.DEFAULT_COMMUNITY_ID, hub.url());
      relay.await("Listening to " + SandboxEventHub.DEFAULT_COMMUNITY_ID);
      int identId = client.emergency().identifiers()
          .createIdentifier(UUID.randomUUID(), CreateIdentifierRequest.builder().unitNum("A-10").build()).identId();

      client.emergency().units().setUnitPanic(SetUnitPanicRequest.builder().identIds(List.of(identId)).isPanic(true).build());
      client.emergency().calls().create911Call(Create911CallRequest.builder()
          .isEmergency(true).caller("Jane Roe").location("Legion Square").description("Shots fired").build());
      relay.await("911 from Jane Roe: Shots fired");
      relay.pressEnter();

      assertThat(relay.finish()).contains("PANIC: units [" + identId + "]");
    }
  }

  /** The Redis program takes its permit through a real redis-server: the limit's keys are there after it ran. */
  @Test
  void sharedLimitsRunsThroughRedis() throws Exception {
    try (TestRedis redis = new TestRedis();
        SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start();
        SonoranCadClient client = client(sandbox)) {
      redis.start();
      int identId = client.emergency().identifiers()
          .createIdentifier(UUID.randomUUID(), CreateIdentifierRequest.builder().build()).identId();

      Program program = Program.start("SharedLimits", environment(sandbox), redis.url(), Integer.toString(identId));

      assertThat(program.finish()).contains("1 unit(s) busy");
      assertThat(redis.commands().keys("sonoran-cad:limit:*")).anyMatch(key -> key.contains(":setUnitStatus:"));
      assertThat(sandbox.identifier(identId)).map(SandboxIdentifier::status).contains(UnitStatus.BUSY.value());
    }
  }

  /** The Observability program makes one call and prints the Micrometer timer its listener recorded. */
  @Test
  void observedClientRunsAgainstTheSandbox() throws Exception {
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start()) {
      Program program = Program.start("ObservedClient", environment(sandbox));

      assertThat(program.finish())
          .contains("Plan version ")
          .containsPattern("sonoran\\.cad\\.calls .*operation=getVersion.* count=1")
          .doesNotContain(sandbox.apiKey());
    }
  }

  private static final Pattern CLASS_NAME = Pattern.compile("^(?:public )?class (\\w+)", Pattern.MULTILINE);
  private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(60);
  private static Path programs;

  /** README's Java blocks, in order. */
  private static List<String> javaBlocks() throws Exception {
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** The directory of the README's compiled classes (Usage, events, Redis, Observability, Discord), compiled once. */
  private static synchronized Path programs() {
    if (programs == null) {
      try {
        List<JavaFileObject> units = new ArrayList<>();
        for (String block : javaBlocks()) {
          Matcher name = CLASS_NAME.matcher(block);
          if (name.find()) {
            units.add(source(name.group(1), block));
          }
        }
        assertThat(units).as("Usage, events, Redis, Observability, Discord").hasSizeGreaterThanOrEqualTo(5);
        Path dir = Files.createTempDirectory("readme-programs");
        StringWriter errors = new StringWriter();
        assertThat(compile(dir, units, errors)).as("README examples:%n%s", errors).isTrue();
        programs = dir;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return programs;
  }

  private static JavaFileObject source(String className, String text) {
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    };
  }

  private static boolean compile(Path dir, List<JavaFileObject> units, StringWriter errors) {
    return ToolProvider.getSystemJavaCompiler().getTask(errors, null, null,
        List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror"),
        null, units).call();
  }

  /** What a user exports to run the README's programs against this sandbox. */
  private static Map<String, String> environment(SonoranCadSandbox sandbox) {
    return Map.of("SONORAN_BASE_URL", sandbox.baseUrl(), "SONORAN_API_KEY", sandbox.apiKey());
  }

  private static SonoranCadClient client(SonoranCadSandbox sandbox) {
    return SonoranCadClient.builder().baseUrl(sandbox.baseUrl()).apiKey(sandbox.apiKey()).build();
  }

  /** A README program in a child JVM ({@code java -cp}), its output collected as it comes. */
  private static final class Program {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private Program(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            synchronized (output) {
              output.append(line).append('\n');
              output.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process was destroyed
        }
      }, "readme-program-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Starts {@code java -cp <README classes>:<test class path> mainClass args} with only {@code environment}'s SONORAN_ variables. */
    static Program start(String mainClass, Map<String, String> environment, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", programs() + File.pathSeparator + System.getProperty("java.class.path"), mainClass));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("SONORAN_"));
      builder.environment().putAll(environment);
      return new Program(builder.start());
    }

    /** Waits until the output contains {@code text}, within the program's time. */
    void await(String text) throws InterruptedException {
      long deadline = System.nanoTime() + PROGRAM_TIMEOUT.toNanos();
      synchronized (output) {
        while (output.indexOf(text) < 0) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
            process.destroyForcibly();
            throw new AssertionError("no \"" + text + "\" in the output:\n" + output);
          }
          output.wait(Math.min(left, 100));
        }
      }
    }

    void pressEnter() throws IOException {
      process.getOutputStream().write('\n');
      process.getOutputStream().close();
    }

    /** Waits for the program to exit by itself, within its time; asserts exit code 0 and returns its output. */
    String finish() throws InterruptedException {
      boolean exited = process.waitFor(PROGRAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      String text = output.toString();
      assertThat(exited).as("exited within %s:%n%s", PROGRAM_TIMEOUT, text).isTrue();
      assertThat(process.exitValue()).as("exit code:%n%s", text).isZero();
      return text;
    }
  }

  /** The table row, and the paging row or null. */
  private static String[] row(String path, PathItem.HttpMethod method, Operation operation) {
    String id = operation.getOperationId();
    OperationIndex.Entry entry = OperationIndex.of(id);
    String tag = operation.getTags().get(0);
    String accessor = entry.group.getName() + "()." + entry.resource.getName() + "()";
    Map<?, ?> limit = (Map<?, ?>) operation.getExtensions().get("x-rate-limit");
    String period = Duration.parse((String) limit.get("period")).toString().substring(2).toLowerCase();
    String row = "| " + tag + " | `" + accessor + "." + id + "` | `" + method + " " + path + "` | "
        + limit.get("requests") + "/" + period + (Boolean.FALSE.equals(limit.get("documented")) ? " (assumed)" : "")
        + " | " + (Boolean.TRUE.equals(operation.getExtensions().get("x-idempotent")) ? "yes" : "no") + " |";
    Map<?, ?> pages = (Map<?, ?>) operation.getExtensions().get("x-paging");
    String pagingRow = null;
    if (pages != null) {
      List<?> items = (List<?>) pages.get("items");
      List<?> total = (List<?>) pages.get("total");
      pagingRow = "| `" + accessor + "." + id + "AutoPaging` | "
          + (items.isEmpty() ? "the response" : "`" + String.join(".", strings(items)) + "`")
          + " (`" + pages.get("item-schema") + "`)"
          + " | `" + pages.get("limit") + "`, `" + pages.get("offset") + "` | "
          + (total == null ? "short or empty page" : "`" + String.join(".", strings(total)) + "`, short or empty page")
          + " |";
    }
    return new String[] {row, pagingRow};
  }

  private static List<String> strings(List<?> values) {
    List<String> result = new ArrayList<>();
    values.forEach(value -> result.add((String) value));
    return result;
  }
}
