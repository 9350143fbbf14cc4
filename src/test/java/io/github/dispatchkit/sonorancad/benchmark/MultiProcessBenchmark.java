package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.TestRedis;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Rerunnable benchmark of limits shared through Redis by several JVM processes:
 * {@code mvn -q -Pbenchmark test-compile exec:exec@multiprocess}.
 *
 * <p>Starts a real {@code redis-server} ({@link TestRedis}, 6.2.6) and a strict sliding-window
 * server ({@link LoopbackApiServer}) on 127.0.0.1, then {@code processes} JVMs
 * ({@link MultiProcessWorker}) of {@code threads} threads each, all calling Set Unit Status on one
 * API key with the spec's limit {@code N} (30) over a shrunk window {@code W}, each call held in
 * flight {@code latency} longer, as a real round trip would. Two runs, each on a fresh key and server:
 * <ol>
 *   <li><b>All processes</b> for {@code windows} windows: allowance utilisation (admitted arrivals in
 *       {@code [t0, deadline)} over {@code N * ceil(T/W)}, as {@link ClientBenchmark} counts it), 429s,
 *       and the most admitted arrivals in any rolling window {@code [a, a + W)} by the server's
 *       timestamps.
 *   <li><b>One killed</b>: the same, and {@code killAfterWindows} windows in, once the victim holds a
 *       slot in flight, {@code kill -9} of it. Also reported: whether the others went on (arrivals
 *       after the kill), and when each slot the victim held in flight came back (left Redis) after the
 *       kill, against the lease.
 * </ol>
 * Targets: utilisation &ge; 0.98 in run 1; 0 429s and at most {@code N} in any window in both; in run
 * 2, arrivals after the kill and every dead slot back within the lease. Exit status 1 if one is missed.
 *
 * <p>Settings (system properties): {@code bench.windowMillis} (2000), {@code bench.mp.windows} (10),
 * {@code bench.mp.processes} (3), {@code bench.mp.threads} (8), {@code bench.mp.latencyMillis} (20),
 * {@code bench.mp.leaseMillis} (5000), {@code bench.mp.killAfterWindows} (4).
 */
public final class MultiProcessBenchmark {
  private MultiProcessBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Duration window = Duration.ofMillis(Long.getLong("bench.windowMillis", 2000));
    int windows = Integer.getInteger("bench.mp.windows", 10);
    int processes = Integer.getInteger("bench.mp.processes", 3);
    int threads = Integer.getInteger("bench.mp.threads", 8);
    long latencyMillis = Long.getLong("bench.mp.latencyMillis", 20);
    long leaseMillis = Long.getLong("bench.mp.leaseMillis", 5000);
    int killAfterWindows = Integer.getInteger("bench.mp.killAfterWindows", 4);
    int limit = SpecLimit.of("setUnitStatus").requests();

    System.out.printf(Locale.ROOT, "Machine: %d CPUs, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    boolean ok;
    try (TestRedis redis = new TestRedis()) {
      redis.start();
      Run run = new Run(redis, limit, window, windows, processes, threads, latencyMillis, leaseMillis);
      ok = run.execute(-1);
      ok &= new Run(redis, limit, window, windows, processes, threads, latencyMillis, leaseMillis)
          .execute(killAfterWindows);
    }
    System.out.println();
    System.out.println(ok ? "All targets met." : "Some targets MISSED.");
    System.exit(ok ? 0 : 1);
  }

  private static final class Run {
    final TestRedis redis;
    final int limit;
    final Duration window;
    final int windows;
    final int processes;
    final int threads;
    final long latencyMillis;
    final long leaseMillis;
    final String apiKey = "bench-multiprocess-" + UUID.randomUUID();

    Run(TestRedis redis, int limit, Duration window, int windows, int processes, int threads, long latencyMillis,
        long leaseMillis) {
      this.redis = redis;
      this.limit = limit;
      this.window = window;
      this.windows = windows;
      this.processes = processes;
      this.threads = threads;
      this.latencyMillis = latencyMillis;
      this.leaseMillis = leaseMillis;
    }

    /** Runs; kills process 0 after {@code killAfterWindows} windows unless negative. Returns whether targets were met. */
    boolean execute(int killAfterWindows) throws Exception {
      boolean kill = killAfterWindows >= 0;
      long windowNanos = window.toNanos();
      System.out.println();
      System.out.printf(Locale.ROOT, "== %s: %d processes x %d threads, one key through Redis, limit %d per %s "
              + "(spec: %d per minute, window shrunk), %d windows, +%d ms in flight per call, lease %d ms%n",
          kill ? "One process killed (kill -9)" : "All processes", processes, threads, limit, window, limit,
          windows, latencyMillis, leaseMillis);

      try (LoopbackApiServer server = new LoopbackApiServer(limit, window, 64)) {
        List<Process> workers = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
          for (int i = 0; i < processes; i++) {
            Process process = start(server.baseUrl());
            workers.add(process);
            outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
          }
          for (BufferedReader output : outputs) {
            String ready = output.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
              throw new IllegalStateException("a worker did not start: " + ready);
            }
            prefixes.add(ready.substring("READY ".length()));
          }
          long startEpoch = System.currentTimeMillis() + 300;
          long deadlineEpoch = startEpoch + window.toMillis() * windows;
          long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineEpoch - System.currentTimeMillis());
          for (Process worker : workers) {
            Writer input = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
            input.write(startEpoch + " " + deadlineEpoch + "\n");
            input.flush();
          }

          Kill killed = null;
          if (kill) {
            long killAt = startEpoch + window.toMillis() * killAfterWindows - System.currentTimeMillis();
            if (killAt > 0) {
              Thread.sleep(killAt);
            }
            killed = kill(workers.get(0), prefixes.get(0), deadlineEpoch);
          }

          Map<Integer, String> results = new LinkedHashMap<>();
          for (int i = 0; i < processes; i++) {
            if (killed != null && i == 0) {
              workers.get(0).waitFor();
              results.put(0, "killed (exit " + workers.get(0).exitValue() + ")");
              continue;
            }
            String line;
            String result = "no result";
            while ((line = outputs.get(i).readLine()) != null) {
              if (line.startsWith("RESULT ")) {
                result = line.substring("RESULT ".length());
              }
            }
            workers.get(i).waitFor();
            results.put(i, result);
          }
          return report(server, deadlineNanos, windowNanos, results, killed);
        } finally {
          for (Process worker : workers) {
            worker.destroyForcibly();
          }
        }
      }
    }

    private Process start(String baseUrl) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(java,
          "-Dworker.baseUrl=" + baseUrl,
          "-Dworker.redisUrl=" + redis.url(),
          "-Dworker.threads=" + threads,
          "-Dworker.windowMillis=" + window.toMillis(),
          "-Dworker.leaseMillis=" + leaseMillis,
          "-Dworker.latencyMillis=" + latencyMillis,
          "-cp", System.getProperty("java.class.path"),
          MultiProcessWorker.class.getName());
      builder.environment().put("SONORAN_API_KEY", apiKey);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      return builder.start();
    }

    /**
     * Waits until the victim holds a slot in flight, kills it with {@code kill -9}, then watches each
     * slot it held in flight until Redis frees it.
     */
    private Kill kill(Process victim, String prefix, long deadlineEpoch) throws Exception {
      RedisCommands<String, String> commands = redis.commands();
      String key = slotsKey();
      List<ScoredValue<String>> held = List.of();
      while (System.currentTimeMillis() < deadlineEpoch) {
        held = inFlight(commands, key, prefix);
        if (!held.isEmpty()) {
          break;
        }
      }
      // SIGKILL (kill -9) straight from this JVM: spawning a kill process took long enough, on a
      // loaded machine, for the 20 ms in flight to end first, leaving no slot to watch.
      victim.destroyForcibly();
      long killedNanos = System.nanoTime();
      long killedAt = redisMillis(commands);
      List<ScoredValue<String>> dead = inFlight(commands, key, prefix);
      Map<String, Long> freedAfterKill = new LinkedHashMap<>();
      Map<String, Long> takenBeforeKill = new LinkedHashMap<>();
      for (ScoredValue<String> slot : dead) {
        takenBeforeKill.put(slot.getValue(), killedAt - ((long) slot.getScore() - leaseMillis));
      }
      while (freedAfterKill.size() < dead.size() && redisMillis(commands) < killedAt + 3 * leaseMillis) {
        for (ScoredValue<String> slot : dead) {
          if (!freedAfterKill.containsKey(slot.getValue()) && commands.zscore(key, slot.getValue()) == null) {
            freedAfterKill.put(slot.getValue(), redisMillis(commands) - killedAt);
          }
        }
        Thread.sleep(2);
      }
      return new Kill(dead.size(), takenBeforeKill, freedAfterKill, killedNanos);
    }

    /** The slots of {@code prefix} in flight: scored beyond a window from now (released ones are not). */
    private List<ScoredValue<String>> inFlight(RedisCommands<String, String> commands, String key, String prefix) {
      long now = redisMillis(commands);
      List<ScoredValue<String>> held = new ArrayList<>();
      for (ScoredValue<String> slot : commands.zrangeWithScores(key, 0, -1)) {
        if (slot.getValue().startsWith(prefix) && slot.getScore() > now + window.toMillis()) {
          held.add(slot);
        }
      }
      return held;
    }

    private static long redisMillis(RedisCommands<String, String> commands) {
      List<String> time = commands.time();
      return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    private String slotsKey() throws Exception {
      String fingerprint = HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
      return "sonoran-cad:limit:{" + fingerprint + ":setUnitStatus:" + limit + "/" + window.toMillis() + "}:slots";
    }

    private boolean report(LoopbackApiServer server, long deadlineNanos, long windowNanos,
        Map<Integer, String> results, Kill killed) {
      List<Long> admitted = server.admittedArrivals(apiKey);
      if (admitted.isEmpty()) {
        System.out.println("  no request was admitted: " + results);
        return false;
      }
      long t0 = admitted.get(0);
      long runT = deadlineNanos - t0;
      long inRun = admitted.stream().filter(t -> t < deadlineNanos).count();
      long allowance = (long) limit * ((runT + windowNanos - 1) / windowNanos);
      double utilisation = (double) inRun / allowance;
      int most = 0;
      for (int i = 0, j = 0; i < admitted.size(); i++) {
        while (j < admitted.size() && admitted.get(j) - admitted.get(i) < windowNanos) {
          j++;
        }
        most = Math.max(most, j - i);
      }
      System.out.printf(Locale.ROOT, "  run T, first arrival to deadline: %.3f s; allowance N*ceil(T/W) = %d%n",
          runT / 1e9, allowance);
      System.out.printf(Locale.ROOT, "  admitted (200) in [t0, t0+T): %d -> utilisation %.4f; after the deadline: %d%n",
          inRun, utilisation, admitted.size() - inRun);
      System.out.printf(Locale.ROOT, "  429s: %d; other non-200: %d; most admitted arrivals in any rolling %d ms window: %d (N = %d)%n",
          server.tooManyCount(), server.otherCount(), windowNanos / 1_000_000, most, limit);
      results.forEach((i, result) -> System.out.printf(Locale.ROOT, "  process %d: %s%n", i, result));
      boolean met = server.tooManyCount() == 0 && most <= limit;
      if (killed == null) {
        met &= utilisation >= 0.98;
        System.out.printf(Locale.ROOT, "  targets (utilisation >= 0.98, 0 429s, <= N per window): %s%n", met ? "met" : "MISSED");
        return met;
      }
      long afterKill = admitted.stream().filter(t -> t > killed.killedNanos && t < deadlineNanos).count();
      System.out.printf(Locale.ROOT, "  process 0 killed with %d slots in flight (taken %s ms before the kill); "
              + "admitted after the kill, by the others: %d%n",
          killed.dead, killed.takenBeforeKill.values(), afterKill);
      boolean allBack = killed.freedAfterKill.size() == killed.dead
          && killed.freedAfterKill.values().stream().allMatch(ms -> ms <= leaseMillis + 50);
      List<Long> sinceTaken = new ArrayList<>();
      killed.freedAfterKill.forEach((slot, ms) -> sinceTaken.add(ms + killed.takenBeforeKill.get(slot)));
      System.out.printf(Locale.ROOT, "  its in-flight slots left Redis %s ms after the kill, %s ms after they were taken "
              + "(lease %d ms; a slot leaves at the first acquire after its lease)%n",
          killed.freedAfterKill.values(), sinceTaken, leaseMillis);
      met &= afterKill > 0 && allBack && killed.dead > 0;
      System.out.printf(Locale.ROOT, "  targets (0 429s, <= N per window, others go on, dead slots back within the lease): %s%n",
          met ? "met" : "MISSED");
      System.out.printf(Locale.ROOT, "  utilisation with the kill (for information; dead slots idle until their lease ends): %.4f%n",
          utilisation);
      return met;
    }
  }

  /**
   * What the kill left: how many slots the victim held in flight, how long before the kill (by
   * Redis's clock) each was taken and after it each left Redis, and when the kill returned
   * ({@link System#nanoTime()}, the server's arrival clock).
   */
  private static final class Kill {
    final int dead;
    final Map<String, Long> takenBeforeKill;
    final Map<String, Long> freedAfterKill;
    final long killedNanos;

    Kill(int dead, Map<String, Long> takenBeforeKill, Map<String, Long> freedAfterKill, long killedNanos) {
      this.dead = dead;
      this.takenBeforeKill = takenBeforeKill;
      this.freedAfterKill = freedAfterKill;
      this.killedNanos = killedNanos;
    }
  }
}
