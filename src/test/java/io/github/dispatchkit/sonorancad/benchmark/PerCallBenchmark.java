package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;

/**
 * {@link ClientBenchmark}'s per-call scenario: steady-state calls in one JVM, limiter off, this
 * client against the hand-written OkHttp + Moshi baseline ({@link HandWritten}).
 *
 * <p>One thread calls Set Unit Status through each variant against a {@link LoopbackApiServer} that
 * does not limit: this client's {@code setUnitStatus}, and {@link HandWritten} on one shared default
 * {@link OkHttpClient}. After {@code warmup} calls per variant come {@code rounds} rounds of
 * {@code calls} timed calls per variant; within a round the variants take turns in slices of
 * {@code slice} calls (who goes first rotates), so a burst of load from elsewhere on the machine
 * lands on all of them rather than on whichever ran then. Reported per variant: the mean wall time
 * per call (total time over calls; the target is judged on it), the median over slices, the calling
 * thread's CPU per call ({@link ThreadMXBean#getCurrentThreadCpuTime()}; mean, and median over
 * slices), the whole JVM's CPU per call (the loopback server's included), and each against the
 * hand-written one.
 *
 * <p><b>Limiter off.</b> Through the public API: the client is given a {@link RateLimitStore} that
 * grants every permit at once ({@link AlwaysGrants}) and ignores releases and pauses. The client
 * still asks it for a permit on every request (counted, and checked against the calls), so its own
 * limiter code runs; only waiting is ruled out. An injected {@link Sleeper} counts waits, which
 * should stay 0. With {@code -Dbench.breakdown=true}, {@link Breakdown} adds variants that show
 * where a difference goes, the client on its default in-JVM limiter among them.
 */
final class PerCallBenchmark {
  private static final String CLIENT = ClientBenchmark.CLIENT;
  private static final String HAND_WRITTEN = ClientBenchmark.HAND_WRITTEN;
  static final SetUnitStatusRequest REQUEST = SetUnitStatusRequest.builder()
      .communityUserIds(List.of("player-1234"))
      .status(UnitStatus.ENROUTE)
      .build();
  static final HandWritten.StatusChange CHANGE = new HandWritten.StatusChange(List.of("player-1234"), 3);

  private PerCallBenchmark() {
  }

  /** One call of a variant; returns the decoded {@code updated}, so nothing is optimised away. */
  @FunctionalInterface
  interface Variant {
    int call() throws Exception;
  }

  /** Microseconds per call of one variant. */
  record Figures(double mean, double median, double threadCpu, double threadCpuMedian, double processCpu) {
  }

  /** The figures of the client and of the hand-written call. */
  record Result(Figures client, Figures handWritten) {
    double meanRatio() {
      return client.mean / handWritten.mean;
    }

    double medianRatio() {
      return client.median / handWritten.median;
    }

    double threadCpuRatio() {
      return client.threadCpu / handWritten.threadCpu;
    }
  }

  static Result run(int warmup, int calls, int rounds, int slice, boolean breakdown, int serverThreads)
      throws Exception {
    System.out.println();
    System.out.printf(Locale.ROOT, "== Per call, limiter off (a RateLimitStore that always grants): 1 thread; per variant"
        + " %d warm-up calls, then %d rounds of %d timed calls, in slices of %d alternating between variants%n",
        warmup, rounds, calls, slice);
    System.out.println("  load average before: " + ClientBenchmark.loadAverage());
    try (LoopbackApiServer server = new LoopbackApiServer(0, Duration.ofMinutes(1), serverThreads)) {
      Map<String, Variant> variants = new LinkedHashMap<>();
      List<AutoCloseable> closeables = new ArrayList<>();
      AtomicLong clientWaits = new AtomicLong();
      AlwaysGrants store = new AlwaysGrants();

      SonoranCadClient client = SonoranCadClient.builder()
          .apiKey("bench-per-call-client-" + UUID.randomUUID())
          .baseUrl(server.baseUrl())
          .rateLimitStore(store)
          .sleeper(duration -> {
            clientWaits.incrementAndGet();
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
      HandWritten handWritten = new HandWritten(okHttp, server.baseUrl(), "bench-per-call-hand-" + UUID.randomUUID());
      variants.put(HAND_WRITTEN, () -> handWritten.setUnitStatus(CHANGE));

      if (breakdown) {
        Breakdown.add(variants, closeables, server.baseUrl());
      }

      List<String> names = new ArrayList<>(variants.keySet());
      Map<String, long[]> wallNanos = new LinkedHashMap<>();
      Map<String, long[]> threadCpuNanos = new LinkedHashMap<>();
      Map<String, long[]> processCpuNanos = new LinkedHashMap<>();
      Map<String, List<Double>> sliceWall = new LinkedHashMap<>();
      Map<String, List<Double>> sliceThreadCpu = new LinkedHashMap<>();
      for (String name : names) {
        wallNanos.put(name, new long[rounds]);
        threadCpuNanos.put(name, new long[rounds]);
        processCpuNanos.put(name, new long[rounds]);
        sliceWall.put(name, new ArrayList<>());
        sliceThreadCpu.put(name, new ArrayList<>());
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long sink = 0;
      long expected = 0;
      long clientCalls = 0;
      try {
        for (String name : names) {
          sink += run(variants.get(name), warmup);
          expected += warmup;
        }
        clientCalls += warmup;
        int slices = (calls + slice - 1) / slice;
        int turn = 0;
        for (int round = 0; round < rounds; round++) {
          for (int s = 0; s < slices; s++, turn++) {
            int n = Math.min(slice, calls - s * slice);
            // Rotate who goes first, so no variant always follows the same one.
            for (int v = 0; v < names.size(); v++) {
              String name = names.get((v + turn) % names.size());
              long processStart = processCpuNanos();
              long threadStart = threads.getCurrentThreadCpuTime();
              long start = System.nanoTime();
              sink += run(variants.get(name), n);
              long elapsed = System.nanoTime() - start;
              long threadCpu = threads.getCurrentThreadCpuTime() - threadStart;
              processCpuNanos.get(name)[round] += processCpuNanos() - processStart;
              wallNanos.get(name)[round] += elapsed;
              threadCpuNanos.get(name)[round] += threadCpu;
              sliceWall.get(name).add(elapsed / 1e3 / n);
              sliceThreadCpu.get(name).add(threadCpu / 1e3 / n);
              expected += n;
            }
            clientCalls += n;
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d:", round + 1));
          for (String name : names) {
            line.append(String.format(Locale.ROOT, "  %s %.1f µs", name, wallNanos.get(name)[round] / 1e3 / calls));
          }
          line.append(String.format(Locale.ROOT, "  (ratio %.3f)",
              (double) wallNanos.get(CLIENT)[round] / wallNanos.get(HAND_WRITTEN)[round]));
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

      Map<String, Figures> figures = new LinkedHashMap<>();
      for (String name : names) {
        figures.put(name, new Figures(
            perCall(wallNanos.get(name), calls),
            ClientBenchmark.median(sliceWall.get(name)),
            perCall(threadCpuNanos.get(name), calls),
            ClientBenchmark.median(sliceThreadCpu.get(name)),
            perCall(processCpuNanos.get(name), calls)));
      }
      Figures hand = figures.get(HAND_WRITTEN);
      System.out.printf(Locale.ROOT, "  %-34s %7s %6s %7s %6s %8s %6s %8s %6s %8s %6s%n", "µs per call",
          "mean", "ratio", "median", "ratio", "thr CPU", "ratio", "thr med", "ratio", "JVM CPU", "ratio");
      for (Map.Entry<String, Figures> entry : figures.entrySet()) {
        Figures f = entry.getValue();
        System.out.printf(Locale.ROOT, "  %-34s %7.1f %6.3f %7.1f %6.3f %8.1f %6.3f %8.1f %6.3f %8.1f %6.3f%n",
            entry.getKey(), f.mean, f.mean / hand.mean, f.median, f.median / hand.median,
            f.threadCpu, f.threadCpu / hand.threadCpu, f.threadCpuMedian, f.threadCpuMedian / hand.threadCpuMedian,
            f.processCpu, f.processCpu / hand.processCpu);
      }
      System.out.println("  (mean: wall time / calls; median: of slices; thr CPU: the calling thread's CPU / calls;"
          + " thr med: its median of slices; JVM CPU: every thread of this JVM, the loopback server's included)");
      System.out.printf(Locale.ROOT, "  client: %d permits asked of the store for %d calls, %d limiter waits; server"
              + " answered %d x 200, %d other; distinct request bodies: %s%n",
          store.acquired.sum(), clientCalls, clientWaits.get(), server.okCount(),
          server.tooManyCount() + server.otherCount(), server.distinctBodies());
      System.out.println("  load average after: " + ClientBenchmark.loadAverage());
      return new Result(figures.get(CLIENT), hand);
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

  /** Microseconds per call over all rounds. */
  private static double perCall(long[] roundNanos, int calls) {
    long total = 0;
    for (long nanos : roundNanos) {
      total += nanos;
    }
    return total / 1e3 / ((double) calls * roundNanos.length);
  }

  /**
   * The limiter switched off through the public API: every permit granted at once, releases and
   * pauses ignored. Counts the permits asked for.
   */
  static final class AlwaysGrants implements RateLimitStore {
    private static final Acquisition GRANTED = Acquisition.ofPermit("granted");

    final LongAdder acquired = new LongAdder();

    @Override
    public Acquisition tryAcquire(Limit limit, Clock clock) {
      acquired.increment();
      return GRANTED;
    }

    @Override
    public void release(Limit limit, String permit, Clock clock) {
    }

    @Override
    public void pause(Limit limit, Duration duration, Clock clock) {
    }
  }
}
