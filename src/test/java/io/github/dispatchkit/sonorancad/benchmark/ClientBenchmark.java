package io.github.dispatchkit.sonorancad.benchmark;

import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.HttpStack;
import io.github.dispatchkit.sonorancad.internal.Json;
import io.github.dispatchkit.sonorancad.internal.Operation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Rerunnable benchmark of the client against a strict loopback server ({@link LoopbackApiServer}).
 * Not a unit test (Surefire does not pick it up): run it from the project directory with
 * {@code mvn -q -Pbenchmark test-compile exec:exec@benchmark}, which forks a JVM on the test class
 * path; settings go on the same command line, e.g. {@code -Dbench.windows=20}.
 *
 * <h2>1. Allowance utilisation</h2>
 * {@code threads} threads split over {@code clients} {@link SonoranCadClient}s with the same API key
 * call Set Unit Status in a loop for {@code windows} windows of {@code window} each. The limit
 * {@code N} is the spec's, read from {@link Operation#rateLimitRequests()} on
 * {@code setUnitStatus}; only the window is shrunk, on the server and in the
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
 * <h2>2. Per-call overhead, limiter off</h2>
 * One thread against a server that does not limit calls Set Unit Status through each variant: this
 * client's {@code setUnitStatus}, and a hand-written call of the same request on one shared default
 * {@link OkHttpClient} with Moshi ({@link Json#MOSHI} and the generated model adapters). After
 * warm-up calls per variant come several rounds of timed calls per variant; within a round the
 * variants take turns in slices of {@code slice} calls (who goes first rotates), so a burst of load
 * from elsewhere on the machine lands on all of them rather than on whichever ran then. Reported: the
 * mean wall time per call (the target is judged on it), the median over slices, the median ratio of
 * adjacent slice pairs, and CPU time per call of the calling thread and of the whole JVM.
 *
 * <p><b>Limiter off.</b> The client has no switch for that, so its window is set to 1 ms
 * ({@code rateLimitWindow}) under a key of its own. A permit is busy from acquiring until a window
 * after its call ended, and one thread has one call in flight, so it could only wait if it finished
 * 30 calls within a window, about 1 to 2 ms with millisecond stamps: under ~33 to 66 µs per loopback
 * call, below what a loopback round trip takes on average. The injected {@link Sleeper} counts the
 * waits and their total, to show whether a run of unusually fast calls made it wait at all (such
 * waits stay in the client's time).
 *
 * <p>With {@code -Dbench.breakdown=true} further variants ({@link Breakdown}) add one layer at a
 * time between the hand-written call and the client, to show where a difference goes.
 *
 * <h2>Settings (system properties)</h2>
 * {@code bench.scenario} (all, utilisation, overhead), {@code bench.windowMillis} (2000),
 * {@code bench.windows} (10), {@code bench.threads} (16), {@code bench.clients} (2),
 * {@code bench.warmup} (5000), {@code bench.calls} (20000), {@code bench.rounds} (4),
 * {@code bench.slice} (500), {@code bench.breakdown} (false), {@code bench.serverThreads} (32).
 */
public final class ClientBenchmark {
  private static final String CLIENT = "client";
  private static final String HAND_WRITTEN = "hand-written";
  private static final SetUnitStatusRequest REQUEST = SetUnitStatusRequest.builder()
      .communityUserIds(List.of("player-1234"))
      .status(UnitStatus.ENROUTE)
      .build();

  private ClientBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String scenario = System.getProperty("bench.scenario", "all");
    int serverThreads = Integer.getInteger("bench.serverThreads", 32);
    printMachine();
    boolean ok = true;
    if (scenario.equals("all") || scenario.equals("utilisation")) {
      ok &= utilisation(
          Duration.ofMillis(Long.getLong("bench.windowMillis", 2_000)),
          Integer.getInteger("bench.windows", 10),
          Integer.getInteger("bench.threads", 16),
          Integer.getInteger("bench.clients", 2),
          serverThreads);
    }
    if (scenario.equals("all") || scenario.equals("overhead")) {
      ok &= overhead(
          Integer.getInteger("bench.warmup", 5_000),
          Integer.getInteger("bench.calls", 20_000),
          Integer.getInteger("bench.rounds", 4),
          Integer.getInteger("bench.slice", 500),
          Boolean.getBoolean("bench.breakdown"),
          serverThreads);
    }
    System.out.println();
    System.out.println("  load average at the end: " + loadAverage());
    System.out.println(ok ? "All targets met." : "TARGET MISSED (see above).");
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
    System.out.printf(Locale.ROOT, "  client: %s; server and clients share this JVM and its cores%n", HttpStack.USER_AGENT);
    System.out.println("  load average at the start: " + loadAverage());
  }

  /** The 1, 5 and 15 minute load averages, to tell a quiet machine from a busy one. */
  private static String loadAverage() {
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
    Operation<?> spec = OperationIndex.spec("setUnitStatus");
    int limit = spec.rateLimitRequests();
    long windowNanos = window.toNanos();
    long runNanos = windowNanos * windows;
    String apiKey = "bench-utilisation-" + UUID.randomUUID();

    System.out.println();
    System.out.printf(Locale.ROOT, "== Allowance utilisation: limit %d per %s (spec: %d per %s, window shrunk), "
            + "%d threads over %d clients, one key, %d windows%n",
        limit, window, limit, spec.rateLimitPeriod(), threads, clients, windows);

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
                client.emergency().units().setUnitStatus(REQUEST);
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

  // ---------------------------------------------------------------- 2. overhead

  /** One call of a variant; returns the decoded {@code updated}, so nothing is optimised away. */
  @FunctionalInterface
  interface Variant {
    int call() throws Exception;
  }

  private static boolean overhead(int warmup, int calls, int rounds, int slice, boolean breakdown, int serverThreads)
      throws Exception {
    System.out.println();
    System.out.printf(Locale.ROOT, "== Per-call overhead, limiter off: 1 thread; per variant %d warm-up calls, then %d rounds "
        + "of %d timed calls, in slices of %d alternating between variants%n", warmup, rounds, calls, slice);
    try (LoopbackApiServer server = new LoopbackApiServer(0, Duration.ofMinutes(1), serverThreads)) {
      Map<String, Variant> variants = new LinkedHashMap<>();
      List<AutoCloseable> closeables = new ArrayList<>();
      AtomicLong clientWaits = new AtomicLong();
      AtomicLong clientWaitNanos = new AtomicLong();

      SonoranCadClient client = SonoranCadClient.builder()
          .apiKey("bench-overhead-client-" + UUID.randomUUID())
          .baseUrl(server.baseUrl())
          .rateLimitWindow(Duration.ofMillis(1))
          .sleeper(duration -> {
            clientWaits.incrementAndGet();
            clientWaitNanos.addAndGet(duration.toNanos());
            Sleeper.SYSTEM.sleep(duration);
          })
          .build();
      closeables.add(client);
      variants.put(CLIENT, () -> client.emergency().units().setUnitStatus(REQUEST).updated());

      OkHttpClient okHttp = new OkHttpClient();
      closeables.add(() -> {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
      });
      variants.put(HAND_WRITTEN, handWritten(okHttp, server.baseUrl(), "bench-overhead-hand-" + UUID.randomUUID()));

      List<String> names = new ArrayList<>(variants.keySet());
      Map<String, long[]> roundNanos = new LinkedHashMap<>();
      Map<String, List<Long>> sliceNanos = new LinkedHashMap<>();
      Map<String, long[]> cpuNanos = new LinkedHashMap<>();
      Map<String, long[]> threadCpuNanos = new LinkedHashMap<>();
      ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
      names.forEach(name -> {
        threadCpuNanos.put(name, new long[rounds]);
        roundNanos.put(name, new long[rounds]);
        cpuNanos.put(name, new long[rounds]);
        sliceNanos.put(name, new ArrayList<>());
      });
      long sink = 0;
      long expected = 0;
      try {
        for (String name : names) {
          sink += run(variants.get(name), warmup);
          expected += warmup;
        }
        int slices = (calls + slice - 1) / slice;
        int turn = 0;
        for (int round = 0; round < rounds; round++) {
          for (int s = 0; s < slices; s++, turn++) {
            int n = Math.min(slice, calls - s * slice);
            // Rotate who goes first, so no variant always follows the same one.
            for (int v = 0; v < names.size(); v++) {
              String name = names.get((v + turn) % names.size());
              long cpuStart = processCpuNanos();
              long threadCpuStart = threadBean.getCurrentThreadCpuTime();
              long start = System.nanoTime();
              sink += run(variants.get(name), n);
              long elapsed = System.nanoTime() - start;
              threadCpuNanos.get(name)[round] += threadBean.getCurrentThreadCpuTime() - threadCpuStart;
              cpuNanos.get(name)[round] += processCpuNanos() - cpuStart;
              expected += n;
              roundNanos.get(name)[round] += elapsed;
              sliceNanos.get(name).add(elapsed * slice / n);
            }
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d:", round + 1));
          for (String name : names) {
            line.append(String.format(Locale.ROOT, "  %s %.1f µs", name, roundNanos.get(name)[round] / 1e3 / calls));
          }
          line.append(String.format(Locale.ROOT, "  (ratio %.3f)",
              (double) roundNanos.get(CLIENT)[round] / roundNanos.get(HAND_WRITTEN)[round]));
          System.out.println(line);
        }
      } finally {
        for (AutoCloseable closeable : closeables) {
          closeable.close();
        }
      }
      if (sink != expected) {
        throw new AssertionError("a call did not report updated == 1");
      }

      double handMean = mean(roundNanos.get(HAND_WRITTEN), calls);
      double handMedian = median(sliceNanos.get(HAND_WRITTEN)) / 1e3 / slice;
      double handCpu = mean(cpuNanos.get(HAND_WRITTEN), calls);
      double handThreadCpu = mean(threadCpuNanos.get(HAND_WRITTEN), calls);
      System.out.printf(Locale.ROOT, "  %-32s %8s %7s %8s %7s %8s %7s %8s %7s%n",
          "µs per call", "mean", "ratio", "median", "ratio", "proc CPU", "ratio", "thr CPU", "ratio");
      for (String name : names) {
        double mean = mean(roundNanos.get(name), calls);
        double median = median(sliceNanos.get(name)) / 1e3 / slice;
        double cpu = mean(cpuNanos.get(name), calls);
        double threadCpu = mean(threadCpuNanos.get(name), calls);
        System.out.printf(Locale.ROOT, "  %-32s %8.1f %7.3f %8.1f %7.3f %8.1f %7.3f %8.1f %7.3f%n",
            name, mean, mean / handMean, median, median / handMedian, cpu, cpu / handCpu,
            threadCpu, threadCpu / handThreadCpu);
      }
      System.out.println("  (mean: total wall time / calls; median: of slices; proc CPU: CPU of every thread of this"
          + " JVM, the loopback server's included; thr CPU: the calling thread's CPU)");
      List<Long> clientSlices = sliceNanos.get(CLIENT);
      List<Long> handSlices = sliceNanos.get(HAND_WRITTEN);
      List<Double> paired = new ArrayList<>();
      for (int i = 0; i < clientSlices.size(); i++) {
        paired.add((double) clientSlices.get(i) / handSlices.get(i));
      }
      paired.sort(null);
      double ratio = mean(roundNanos.get(CLIENT), calls) / handMean;
      System.out.printf(Locale.ROOT, "  client / hand-written: %.3f (means), median of %d adjacent slice pairs %.3f%n",
          ratio, paired.size(), paired.get(paired.size() / 2));
      System.out.printf(Locale.ROOT, "  limiter waits in the client variant: %d, %.1f ms in all; server answered %d x 200,"
              + " %d x 429, %d other%n",
          clientWaits.get(), clientWaitNanos.get() / 1e6, server.okCount(), server.tooManyCount(), server.otherCount());
      boolean met = ratio <= 1.10;
      System.out.printf(Locale.ROOT, "  target client <= 1.10 x hand-written (means): %.3f, %s%n", ratio, met ? "met" : "MISSED");
      return met;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long run(Variant variant, int calls) throws Exception {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += variant.call();
    }
    return sum;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static double mean(long[] roundNanos, int calls) {
    long total = 0;
    for (long n : roundNanos) {
      total += n;
    }
    return total / 1e3 / ((double) calls * roundNanos.length);
  }

  /** The hand-written baseline: what a user would write with OkHttp and Moshi alone. */
  static Variant handWritten(OkHttpClient okHttp, String baseUrl, String apiKey) {
    JsonAdapter<SetUnitStatusRequest> requestAdapter = Json.MOSHI.adapter(SetUnitStatusRequest.class);
    JsonAdapter<SetUnitStatusResponse> responseAdapter = Json.MOSHI.adapter(SetUnitStatusResponse.class);
    MediaType json = MediaType.get("application/json; charset=UTF-8");
    HttpUrl url = HttpUrl.get(baseUrl).resolve("v2/emergency/servers/1/units/status");
    String authorization = "Bearer " + apiKey;
    return () -> {
      Request request = new Request.Builder()
          .url(url)
          .header("Authorization", authorization)
          .header("Accept", "application/json")
          .header("User-Agent", HttpStack.USER_AGENT)
          .patch(RequestBody.create(requestAdapter.toJson(REQUEST), json))
          .build();
      try (Response response = okHttp.newCall(request).execute()) {
        ResponseBody body = response.body();
        if (!response.isSuccessful() || body == null) {
          throw new IOException("HTTP " + response.code());
        }
        SetUnitStatusResponse decoded = responseAdapter.fromJson(body.source());
        if (decoded == null) {
          throw new IOException("null body");
        }
        return decoded.updated();
      }
    };
  }
}
