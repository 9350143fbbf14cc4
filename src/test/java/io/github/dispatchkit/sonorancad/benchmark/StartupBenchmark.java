package io.github.dispatchkit.sonorancad.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ClientBenchmark}'s start-up scenario: what a program that starts, builds a client and makes
 * one call pays, for this client against the hand-written OkHttp + Moshi baseline ({@link HandWritten}).
 *
 * <p>Each start-up is a fresh JVM running {@link StartupProbe} (no JVM options, the JDK's default
 * class-data archive), which times building its client and the first Set Unit Status against a
 * {@link LoopbackApiServer} in this JVM, up for the whole run. The variants alternate (client,
 * hand-written, client, ...) for {@code rounds} rounds, after one round that is discarded (it warms
 * the operating system's file cache for the jars). The child's class path is the library's own
 * runtime class path, as a user's program has it ({@code bench.startup.classpath}, written by the
 * {@code benchmark} profile), not the test class path of this JVM; both variants get the same one.
 *
 * <p>Reported per variant, median and mean over the rounds: build, first call, their sum (the
 * target, 1.2x, is judged on its medians), the child's CPU time from launch to the first answer
 * (all its threads, JIT and GC included: less sensitive than wall time to other load on the
 * machine, but diluted by the JVM's own start-up), and launch to exit as seen from here.
 */
final class StartupBenchmark {
  private static final String CLIENT = ClientBenchmark.CLIENT;
  private static final String HAND_WRITTEN = ClientBenchmark.HAND_WRITTEN;

  private StartupBenchmark() {
  }

  /**
   * Milliseconds of one variant, per fresh JVM: build, first call, their sum, the process's CPU time
   * from launch to the first call's answer, and its wall time from launch to exit.
   */
  record Samples(List<Double> build, List<Double> firstCall, List<Double> sum, List<Double> cpu,
      List<Double> process) {
    Samples() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    void add(double[] run) {
      build.add(run[0]);
      firstCall.add(run[1]);
      sum.add(run[0] + run[1]);
      cpu.add(run[2]);
      process.add(run[3]);
    }
  }

  /** The samples of both variants. */
  record Result(Samples client, Samples handWritten) {
    /** Client over hand-written, medians of build + first call. */
    double medianRatio() {
      return ClientBenchmark.median(client.sum) / ClientBenchmark.median(handWritten.sum);
    }

    /** Client over hand-written, means of build + first call. */
    double meanRatio() {
      return ClientBenchmark.mean(client.sum) / ClientBenchmark.mean(handWritten.sum);
    }

    /** Client over hand-written, medians of the CPU time from launch to the first call's answer. */
    double cpuRatio() {
      return ClientBenchmark.median(client.cpu) / ClientBenchmark.median(handWritten.cpu);
    }
  }

  static Result run(int rounds, int serverThreads) throws Exception {
    String classPath = System.getProperty("bench.startup.classpath");
    String classPathNote = "the library's runtime class path";
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
      classPathNote = "THIS JVM's class path (bench.startup.classpath not set: run through the benchmark profile)";
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    System.out.println();
    System.out.printf(Locale.ROOT, "== Start-up: build a client, then its first Set Unit Status; each in a fresh JVM, "
        + "%d rounds alternating %s and %s, after 1 discarded round%n", rounds, CLIENT, HAND_WRITTEN);
    System.out.printf(Locale.ROOT, "  each: %s -cp <%s, %d entries> %s <variant> <url>; server in this JVM%n",
        java, classPathNote, classPath.split(File.pathSeparator).length, StartupProbe.class.getName());
    System.out.println("  load average before: " + ClientBenchmark.loadAverage());

    Map<String, Samples> samples = new LinkedHashMap<>();
    samples.put(CLIENT, new Samples());
    samples.put(HAND_WRITTEN, new Samples());
    try (LoopbackApiServer server = new LoopbackApiServer(0, Duration.ofMinutes(1), serverThreads)) {
      for (int round = 0; round <= rounds; round++) {
        StringBuilder line = new StringBuilder(round == 0
            ? "  round 0 (discarded):"
            : String.format(Locale.ROOT, "  round %d:", round));
        for (Map.Entry<String, Samples> variant : samples.entrySet()) {
          double[] run = launch(java, classPath, variant.getKey(), server.baseUrl());
          if (round > 0) {
            variant.getValue().add(run);
          }
          line.append(String.format(Locale.ROOT, "  %s %.0f + %.0f ms (CPU %.0f, process %.0f)",
              variant.getKey(), run[0], run[1], run[2], run[3]));
        }
        System.out.println(line);
      }
      Result result = new Result(samples.get(CLIENT), samples.get(HAND_WRITTEN));
      print(result);
      System.out.printf(Locale.ROOT, "  server answered %d x 200, %d other; distinct request bodies: %s%n",
          server.okCount(), server.otherCount() + server.tooManyCount(), server.distinctBodies());
      System.out.println("  load average after: " + ClientBenchmark.loadAverage());
      return result;
    }
  }

  /** Runs one fresh JVM; returns build, first call, CPU and launch-to-exit, in milliseconds. */
  private static double[] launch(String java, String classPath, String variant, String baseUrl)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, StartupProbe.class.getName(), variant, baseUrl)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(variant + " start-up did not end within 60 s");
    }
    double processMillis = (System.nanoTime() - start) / 1e6;
    for (String line : output.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length == 5 && fields[0].equals("startup")) {
        if (process.exitValue() != 0 || !fields[4].equals("1")) {
          throw new IllegalStateException(variant + " start-up: updated " + fields[4] + ", exit " + process.exitValue());
        }
        return new double[] {
            Long.parseLong(fields[1]) / 1e6, Long.parseLong(fields[2]) / 1e6, Long.parseLong(fields[3]) / 1e6,
            processMillis};
      }
    }
    throw new IllegalStateException(variant + " start-up failed (exit " + process.exitValue() + "): " + output);
  }

  private static void print(Result result) {
    System.out.printf(Locale.ROOT, "  %-22s %16s %16s %16s %16s %16s%n",
        "ms, median / mean", "build", "first call", "build + first", "CPU", "process");
    row(CLIENT, result.client);
    row(HAND_WRITTEN, result.handWritten);
    System.out.printf(Locale.ROOT, "  %-22s %16s %16s %16s %16s %16s%n", CLIENT + " / " + HAND_WRITTEN,
        ratios(result.client.build, result.handWritten.build),
        ratios(result.client.firstCall, result.handWritten.firstCall),
        ratios(result.client.sum, result.handWritten.sum),
        ratios(result.client.cpu, result.handWritten.cpu),
        ratios(result.client.process, result.handWritten.process));
    System.out.println("  (build: the builder to a usable client, OkHttpClient and Moshi adapters for the hand-written"
        + " one; first call: the request object built, sent, answered and decoded; CPU: the child's CPU time,"
        + " all threads, from launch to the first call's answer, JVM start-up included, to 10 ms; process:"
        + " launch to exit, wall time seen from this JVM)");
  }

  private static void row(String name, Samples samples) {
    System.out.printf(Locale.ROOT, "  %-22s %16s %16s %16s %16s %16s%n", name,
        pair(samples.build), pair(samples.firstCall), pair(samples.sum), pair(samples.cpu), pair(samples.process));
  }

  private static String pair(List<Double> values) {
    return String.format(Locale.ROOT, "%.1f / %.1f", ClientBenchmark.median(values), ClientBenchmark.mean(values));
  }

  private static String ratios(List<Double> client, List<Double> handWritten) {
    return String.format(Locale.ROOT, "%.3f / %.3f",
        ClientBenchmark.median(client) / ClientBenchmark.median(handWritten),
        ClientBenchmark.mean(client) / ClientBenchmark.mean(handWritten));
  }
}
