package io.github.dispatchkit.sonorancad.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Rerunnable measurement of the standalone sandbox jar's start-up: launch to first answer, in fresh JVMs.
 *
 * <p>Not a unit test: {@code mvn -q -Pbenchmark exec:exec@sandbox-startup} once the jar is built
 * ({@code mvn package -DskipTests}). For the two launch lines of the README (with the class-data archive,
 * C1 only and the serial collector; plain {@code java -jar}) it starts the jar {@code bench.ss.starts}
 * times (default 10), the lines in turn so that both see the same load, each start on a free port (its
 * push-event hub on another, the default), and sends one Create Identifier request to {@code 127.0.0.1}
 * every 5 ms from the moment the process is launched until one answers 2xx. It prints each start's
 * time from launch to that answer and the process's CPU time by then, then per line the median,
 * minimum and maximum, with the load average before and after. One untimed start comes first (file
 * cache, this JVM's own HTTP classes). Exit status 1 if a start fails or takes over 60 s.
 *
 * <p>Arguments: the sandbox jar and its class-data archive; optionally another build's pair, whose lines
 * take their turns too (before and after a change, under the same load).
 */
public final class SandboxStartupBenchmark {

  private static final Duration GIVE_UP = Duration.ofSeconds(60);
  private static final String ACCOUNT = "4d0c2a8e-3f4b-4f6e-9a51-2b7c9e1d5a10";

  private SandboxStartupBenchmark() {
  }

  /** Measures the starts; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 && args.length != 4) {
      System.err.println("Usage: SandboxStartupBenchmark <sandbox jar> <class-data archive> [<other jar> <other archive>]");
      System.exit(2);
    }
    int starts = Integer.getInteger("bench.ss.starts", 10);
    String java = ProcessHandle.current().info().command().orElse("java");
    System.out.printf(Locale.ROOT, "Machine: %d CPUs, %s %s, Java %s; %d starts per launch line, the lines in turn%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), starts);
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String jar = args[i];
      String archive = args[i + 1];
      if (!new File(jar).isFile()) {
        System.err.println("No " + jar + ": build it first (mvn package -DskipTests)");
        System.exit(2);
      }
      if (!new File(archive).isFile()) {
        System.out.println("No " + archive + " (built with -Dsandbox.cds.skip=true?): its first line runs without it");
      }
      lines.add(new Line("archive, C1, serial GC: " + jar, List.of(java, "-XX:SharedArchiveFile=" + archive,
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar)));
      lines.add(new Line("plain java -jar: " + jar, List.of(java, "-jar", jar)));
    }
    if (startOnce(lines.get(0).command()) == null) {
      System.exit(1);
    }
    String loadBefore = loadAverage();
    for (int i = 0; i < starts; i++) {
      for (Line line : lines) {
        Start start = startOnce(line.command());
        if (start == null) {
          System.exit(1);
        }
        line.millis().add(start.millis());
        line.cpuMillis().add(start.cpuMillis());
        System.out.printf(Locale.ROOT, "  start %2d, %s: first answer after %5d ms (process CPU %5d ms)%n",
            i + 1, line.name(), start.millis(), start.cpuMillis());
      }
    }
    System.out.println("Load average (1, 5, 15 min) before " + loadBefore + ", after " + loadAverage());
    for (Line line : lines) {
      System.out.printf(Locale.ROOT, "%s%n  median %d ms, min %d ms, max %d ms over %d starts (process CPU median %d ms)%n",
          line.name(), median(line.millis()), Collections.min(line.millis()), Collections.max(line.millis()),
          line.millis().size(), median(line.cpuMillis()));
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** One start: launch, poll until a 2xx, stop. Null (after printing why) if it failed. */
  private static Start startOnce(List<String> command) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of("--port", Integer.toString(port)));
    Path log = Files.createTempFile("sandbox-startup", ".log");
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      while (System.nanoTime() - launched < GIVE_UP.toNanos()) {
        if (!process.isAlive()) {
          System.out.println("  the sandbox exited with " + process.exitValue() + ":\n" + Files.readString(log));
          return null;
        }
        int status = createIdentifier(port);
        if (status / 100 == 2) {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
          long cpu = process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
          return new Start(millis, cpu);
        }
        if (status > 0) {
          System.out.println("  unexpected status " + status + ":\n" + Files.readString(log));
          return null;
        }
        Thread.sleep(5);
      }
      System.out.println("  no answer within " + GIVE_UP + ":\n" + Files.readString(log));
      return null;
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      Files.delete(log);
    }
  }

  /** The status of one Create Identifier request, or 0 if the connection was refused. */
  private static int createIdentifier(int port) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port
        + "/v2/emergency/accounts/" + ACCOUNT + "/identifiers").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setRequestProperty("Authorization", "Bearer sandbox-api-key");
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setConnectTimeout(1_000);
    connection.setReadTimeout((int) GIVE_UP.toMillis());
    connection.setDoOutput(true);
    try (OutputStream out = connection.getOutputStream()) {
      out.write("{\"unitNum\":\"A-10\"}".getBytes(StandardCharsets.UTF_8));
      return connection.getResponseCode();
    } catch (java.net.ConnectException e) {
      return 0;
    } finally {
      connection.disconnect();
    }
  }

  /** The system load average over 1, 5 and 15 minutes ({@code /proc/loadavg}), or the JVM's 1-minute figure. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private record Start(long millis, long cpuMillis) {}

  private record Line(String name, List<String> command, List<Long> millis, List<Long> cpuMillis) {
    Line(String name, List<String> command) {
      this(name, command, new ArrayList<>(), new ArrayList<>());
    }
  }
}
