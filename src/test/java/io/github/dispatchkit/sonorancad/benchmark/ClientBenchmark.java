package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Rerunnable benchmark of the client against a loopback server ({@link LoopbackApiServer}), through
 * its public API only. Not a unit test (Surefire does not pick it up): run it from the project
 * directory with {@code mvn -q -Pbenchmark test-compile exec:exec@fast} (start-up and per call, side
 * by side) or {@code exec:exec@benchmark} (those and allowance utilisation), which fork a JVM on the
 * test class path; settings go on the same command line, e.g. {@code -Dbench.startup.rounds=30}.
 * Machine facts (processor, cores, load average, Java) come first, the load again around each
 * scenario, and a summary of the targets last.
 *
 * <h2>1. Start-up ({@link StartupBenchmark})</h2>
 * Building a client and its first Set Unit Status, this client against a hand-written OkHttp + Moshi
 * call ({@link HandWritten}), each in a fresh JVM, alternated: medians and means of build, first call
 * and their sum, and client / hand-written. Target: build + first call within 1.2x (medians).
 *
 * <h2>2. Per call ({@link PerCallBenchmark})</h2>
 * Steady-state calls in this JVM after warm-up, limiter off (a {@code RateLimitStore} that always
 * grants), interleaved in slices: mean and median wall time per call and the calling thread's CPU
 * per call, and client / hand-written. Targets: mean within 1.05x, calling-thread CPU within 1.10x.
 *
 * <h2>3. Allowance utilisation</h2>
 * {@code threads} threads split over {@code clients} {@link SonoranCadClient}s with the same API key
 * call Set Unit Status in a loop for {@code windows} windows of {@code window} each. The limit
 * {@code N} is the spec's ({@link SpecLimit}); only the window is shrunk, on the server and in the
 * clients ({@code rateLimitWindow}) alike.
 *
 * <p><b>The allowance.</b> Let {@code t0} be the server's first arrival and {@code T} the time from
 * {@code t0} to the deadline after which no thread starts a call. A sliding-window server admits at
 * most {@code N} in each of {@code [t0 + kW, t0 + (k+1)W)}, and {@code ceil(T/W)} of these cover the
 * run, so it admits at most {@code N * ceil(T/W)} in {@code [t0, t0 + T)}; bursts of {@code N} at
 * {@code t0 + kW} reach that bound, so it is the tight maximum, and {@code T} being a little under a
 * whole number of windows (the deadline is set {@code windows * W} after the threads are released,
 * a moment before the first arrival) does not round the allowance up. Utilisation is the admitted
 * arrivals in {@code [t0, t0 + T)} divided by {@code N * ceil(T/W)}. The continuous figure
 * {@code N * T / W} is printed too; against it a perfect run scores slightly above 1.
 *
 * <p><b>Stopping.</b> At the deadline threads stop starting calls. A thread already waiting in the
 * limiter would send after the run, so the clients get a {@link Sleeper} that refuses (throws
 * {@link InterruptedException}) any wait that would end past the deadline; the client reports that as
 * a {@link SonoranCadIoException} caused by an {@link InterruptedIOException}, counted as
 * "abandoned", not as an error.
 *
 * <h2>Settings (system properties)</h2>
 * {@code bench.scenario}: {@code fast} (start-up and per call; what {@code exec:exec@fast} runs),
 * {@code all} (and utilisation; {@code exec:exec@benchmark}'s default), {@code startup},
 * {@code percall} or {@code utilisation} (with {@code exec:exec@benchmark}); start-up: {@code bench.startup.rounds}
 * (15); per call: {@code bench.warmup} (5000), {@code bench.calls} (20000), {@code bench.rounds} (4),
 * {@code bench.slice} (500), {@code bench.breakdown} (false, see {@link Breakdown}); utilisation:
 * {@code bench.windowMillis} (2000), {@code bench.windows} (10), {@code bench.threads} (16),
 * {@code bench.clients} (2); all: {@code bench.serverThreads} (32).
 */
public final class ClientBenchmark {
  static final String CLIENT = "client";
  static final String HAND_WRITTEN = "hand-written";

  private static final double STARTUP_TARGET = 1.20;
  private static final double PER_CALL_TARGET = 1.05;
  private static final double THREAD_CPU_TARGET = 1.10;

  private ClientBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String scenario = System.getProperty("bench.scenario", "all");
    List<String> scenarios = switch (scenario) {
      case "all" -> List.of("startup", "percall", "utilisation");
      case "fast" -> List.of("startup", "percall");
      case "startup", "percall", "utilisation" -> List.of(scenario);
      default -> throw new IllegalArgumentException(
          "bench.scenario: fast, all, startup, percall or utilisation, not " + scenario);
    };
    int serverThreads = Integer.getInteger("bench.serverThreads", 32);
    printMachine();
    StartupBenchmark.Result startup = null;
    PerCallBenchmark.Result perCall = null;
    Boolean utilisation = null;
    if (scenarios.contains("startup")) {
      startup = StartupBenchmark.run(Integer.getInteger("bench.startup.rounds", 15), serverThreads);
    }
    if (scenarios.contains("percall")) {
      perCall = PerCallBenchmark.run(
          Integer.getInteger("bench.warmup", 5_000),
          Integer.getInteger("bench.calls", 20_000),
          Integer.getInteger("bench.rounds", 4),
          Integer.getInteger("bench.slice", 500),
          Boolean.getBoolean("bench.breakdown"),
          serverThreads);
    }
    if (scenarios.contains("utilisation")) {
      utilisation = utilisation(
          Duration.ofMillis(Long.getLong("bench.windowMillis", 2_000)),
          Integer.getInteger("bench.windows", 10),
          Integer.getInteger("bench.threads", 16),
          Integer.getInteger("bench.clients", 2),
          serverThreads);
    }
    boolean ok = summary(startup, perCall, utilisation);
    System.out.println("  load average at the end: " + loadAverage());
    System.out.println(ok ? "All targets met." : "TARGET MISSED (see above).");
  }

  /** Prints the client / hand-written ratios next to their targets; returns whether every target was met. */
  private static boolean summary(StartupBenchmark.Result startup, PerCallBenchmark.Result perCall,
      Boolean utilisation) {
    System.out.println();
    System.out.println("== Summary: client / hand-written OkHttp + Moshi");
    System.out.printf(Locale.ROOT, "  %-52s %7s %8s  %s%n", "", "ratio", "target", "");
    boolean ok = true;
    if (startup != null) {
      ok &= target("start-up: build + first call, fresh JVMs (medians)", startup.medianRatio(), STARTUP_TARGET);
      info("start-up: build + first call (means)", startup.meanRatio());
      info("start-up: CPU, launch to first answer (medians)", startup.cpuRatio());
    }
    if (perCall != null) {
      ok &= target("per call: wall time (means)", perCall.meanRatio(), PER_CALL_TARGET);
      info("per call: wall time (medians of slices)", perCall.medianRatio());
      ok &= target("per call: calling-thread CPU (means)", perCall.threadCpuRatio(), THREAD_CPU_TARGET);
    }
    if (utilisation != null) {
      System.out.printf(Locale.ROOT, "  %-52s %7s %8s  %s%n", "allowance utilisation >= 0.98, 0 429s", "", "",
          utilisation ? "met" : "MISSED");
      ok &= utilisation;
    }
    return ok;
  }

  private static boolean target(String name, double ratio, double target) {
    boolean met = ratio <= target;
    System.out.printf(Locale.ROOT, "  %-52s %7.3f %8s  %s%n", name, ratio,
        String.format(Locale.ROOT, "<= %.2f", target), met ? "met" : "MISSED");
    return met;
  }

  private static void info(String name, double ratio) {
    System.out.printf(Locale.ROOT, "  %-52s %7.3f%n", name, ratio);
  }

  /** The median of {@code values}. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The mean of {@code values}. */
  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  // ---------------------------------------------------------------- machine

  private static void printMachine() {
    Runtime runtime = Runtime.getRuntime();
    System.out.println("== Machine");
    System.out.printf(Locale.ROOT, "  cpu: %s, availableProcessors %d%n", cpuModel(), runtime.availableProcessors());
    System.out.printf(Locale.ROOT, "  java: %s (%s %s), os: %s %s %s%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    System.out.printf(Locale.ROOT, "  max heap: %d MiB, gc: %s, jvm args: %s%n",
        runtime.maxMemory() / (1024 * 1024),
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")),
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> !arg.startsWith("-Dbench.")).collect(Collectors.toList()));
    System.out.println("  code: " + revision() + "; loopback server and per-call clients share this JVM and its cores");
    System.out.println("  load average at the start: " + loadAverage());
  }

  /** The checked-out commit, {@code -dirty} with local changes, when run from a git work tree. */
  private static String revision() {
    try {
      Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? "commit " + out : "commit unknown";
    } catch (IOException | InterruptedException e) {
      return "commit unknown";
    }
  }

  /** The 1, 5 and 15 minute load averages, to tell a quiet machine from a busy one. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the processor count and OS say enough.
    }
    return "unknown";
  }

  // ---------------------------------------------------------------- 1. utilisation

  private static boolean utilisation(Duration window, int windows, int threads, int clients, int serverThreads)
      throws Exception {
    SpecLimit spec = SpecLimit.of("setUnitStatus");
    int limit = spec.requests();
    long windowNanos = window.toNanos();
    long runNanos = windowNanos * windows;
    String apiKey = "bench-utilisation-" + UUID.randomUUID();

    System.out.println();
    System.out.printf(Locale.ROOT, "== Allowance utilisation: limit %d per %s (spec: %d per %s, window shrunk), "
            + "%d threads over %d clients, one key, %d windows%n",
        limit, window, limit, spec.period(), threads, clients, windows);

    DeadlineSleeper sleeper = new DeadlineSleeper();
    LongAdder returned = new LongAdder();
    LongAdder abandoned = new LongAdder();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    Map<String, String> firstMessage = new ConcurrentHashMap<>();
    AtomicLong lastThreadDone = new AtomicLong();
    long deadline;

    try (LoopbackApiServer server = new LoopbackApiServer(limit, window, serverThreads)) {
      List<SonoranCadClient> clientList = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          clientList.add(SonoranCadClient.builder()
              .apiKey(apiKey)
              .baseUrl(server.baseUrl())
              .rateLimitWindow(window)
              .sleeper(sleeper)
              .build());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          SonoranCadClient client = clientList.get(i % clients);
          Thread worker = new Thread(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            while (System.nanoTime() - sleeper.deadline < 0) {
              try {
                client.emergency().units().setUnitStatus(PerCallBenchmark.REQUEST);
                returned.increment();
              } catch (SonoranCadIoException e) {
                if (e.getCause() instanceof InterruptedIOException && Thread.interrupted()) {
                  abandoned.increment();
                  break;
                }
                count(errors, firstMessage, e);
              } catch (RuntimeException e) {
                count(errors, firstMessage, e);
              }
            }
            lastThreadDone.accumulateAndGet(System.nanoTime(), Math::max);
          }, "bench-worker-" + i);
          workers.add(worker);
          worker.start();
        }
        deadline = System.nanoTime() + runNanos;
        sleeper.deadline = deadline;
        start.countDown();
        for (Thread worker : workers) {
          worker.join();
        }
      } finally {
        clientList.forEach(SonoranCadClient::close);
      }

      List<Long> admitted = server.admittedArrivals(apiKey);
      if (admitted.isEmpty()) {
        System.out.println("  no request was admitted: " + errors);
        return false;
      }
      long t0 = admitted.get(0);
      long runT = deadline - t0;
      long inRun = admitted.stream().filter(t -> t < deadline).count();
      long afterDeadline = admitted.size() - inRun;
      long allowance = (long) limit * ((runT + windowNanos - 1) / windowNanos);
      double continuous = (double) limit * runT / windowNanos;
      double utilisation = (double) inRun / allowance;
      long minSpan = Long.MAX_VALUE;
      for (int i = 0; i + limit < admitted.size(); i++) {
        minSpan = Math.min(minSpan, admitted.get(i + limit) - admitted.get(i));
      }

      System.out.printf(Locale.ROOT, "  run T, first arrival to deadline: %.3f s; allowance N*ceil(T/W) = %d%n",
          runT / 1e9, allowance);
      System.out.printf(Locale.ROOT, "  admitted (200) in [t0, t0+T): %d -> utilisation %.4f (against N*T/W = %.1f: %.4f)%n",
          inRun, utilisation, continuous, inRun / continuous);
      System.out.printf(Locale.ROOT, "  admitted after the deadline: %d; 429s seen by the server: %d; other non-200: %d%n",
          afterDeadline, server.tooManyCount(), server.otherCount());
      List<Long> early = server.rejectedEarlyBy(apiKey);
      if (!early.isEmpty()) {
        System.out.println("  each 429 came this early, before a slot of its window freed (µs): " + early.stream()
            .map(n -> String.format(Locale.ROOT, "%.1f", n / 1e3)).collect(Collectors.joining(", ")));
      }
      System.out.printf(Locale.ROOT, "  clients: %d calls returned, %d abandoned at the deadline, exceptions: %s%n",
          returned.sum(), abandoned.sum(), errors.isEmpty() ? "none" : describe(errors, firstMessage));
      if (minSpan != Long.MAX_VALUE) {
        System.out.printf(Locale.ROOT, "  tightest: admitted arrivals i and i+%d are at least %.3f ms apart "
            + "(window %d ms; slack %.3f ms)%n", limit, minSpan / 1e6, window.toMillis(), (minSpan - windowNanos) / 1e6);
      }
      System.out.printf(Locale.ROOT, "  all threads stopped by deadline %+.1f ms (a wait that would end past the "
          + "deadline is refused at once)%n", (lastThreadDone.get() - deadline) / 1e6);
      boolean met = utilisation >= 0.98 && server.tooManyCount() == 0;
      System.out.printf(Locale.ROOT, "  target >= 0.98 of the allowance with 0 429s: %s%n", met ? "met" : "MISSED");
      return met;
    }
  }

  private static void count(Map<String, LongAdder> errors, Map<String, String> firstMessage, RuntimeException e) {
    String type = e.getClass().getSimpleName();
    errors.computeIfAbsent(type, k -> new LongAdder()).increment();
    firstMessage.putIfAbsent(type, String.valueOf(e.getMessage()));
  }

  private static String describe(Map<String, LongAdder> errors, Map<String, String> firstMessage) {
    return new TreeMap<>(errors).entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue().sum() + " (first: " + firstMessage.get(e.getKey()) + ")")
        .collect(Collectors.joining("; "));
  }

  /** Sleeps like {@link Sleeper#SYSTEM}, but refuses a wait that would end at or after the deadline. */
  private static final class DeadlineSleeper implements Sleeper {
    volatile long deadline = Long.MAX_VALUE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      long nanos = duration.toNanos();
      if (System.nanoTime() + nanos - deadline >= 0) {
        throw new InterruptedException("benchmark deadline");
      }
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
