package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.StatusUpdates;
import io.github.dispatchkit.sonorancad.sandbox.SandboxExchange;
import io.github.dispatchkit.sonorancad.sandbox.SandboxIdentifier;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Rerunnable benchmark of {@code client.emergency().units().statusUpdates()} against the project's
 * sandbox ({@link SonoranCadSandbox}), which enforces the spec's limits per API key and keeps each
 * identifier's status. Not a unit test: {@code mvn -q -Pbenchmark test-compile exec:exec@coalescing}.
 *
 * <p>The documented limit (30 Set Unit Status per minute) keeps its count; its minute is scaled to
 * {@code bench.windowMillis} (default 2 s) on the sandbox and the client alike, and so is the load:
 * {@code bench.co.changes} (1,000) random status changes per window, evenly paced, over
 * {@code bench.co.units} (200) identifiers, for {@code bench.co.windows} (10) windows. Then the
 * stream is closed (sending what is pending) and the benchmark reports, per scaled minute:
 * <ul>
 *   <li>changes delivered (their future completed) per window of the submission period, against
 *       {@code N} for one request per change (target at least {@code bench.co.changes}: the stream
 *       keeps up), and how long after the last submission the last one was delivered;
 *   <li>requests, 429s (target 0) and the most arrivals in any rolling window by the sandbox's
 *       exchange timestamps (at most {@code N});
 *   <li>every identifier's final status in the sandbox against the last one submitted (target: all);
 *   <li>p50 and p95 of the delay from submission to delivery, against {@code S * W / N + 1 s} where
 *       {@code S} is the number of distinct statuses a change picks from (6).
 * </ul>
 * The identifiers are created first through the client, within Create Identifier's own limit (10 per
 * window), which takes {@code units / 10} windows. Exit status 1 if a target is missed.
 */
public final class CoalescingBenchmark {
  private CoalescingBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Duration window = Duration.ofMillis(Long.getLong("bench.windowMillis", 2000));
    int units = Integer.getInteger("bench.co.units", 200);
    int changesPerWindow = Integer.getInteger("bench.co.changes", 1000);
    int windows = Integer.getInteger("bench.co.windows", 10);
    int limit = SpecLimit.of("setUnitStatus").requests();
    List<UnitStatus> statuses = UnitStatus.knownValues();

    System.out.printf(Locale.ROOT, "Machine: %d CPUs, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "Set Unit Status: %d per %s (spec: %d per minute, minute scaled to the window);"
            + " %d units, %d random changes per window over %d statuses, %d windows%n",
        limit, window, limit, units, changesPerWindow, statuses.size(), windows);

    List<Long> arrivals = new CopyOnWriteArrayList<>();
    AtomicInteger tooMany = new AtomicInteger();
    AtomicInteger otherErrors = new AtomicInteger();
    SonoranCadSandbox sandbox = SonoranCadSandbox.builder()
        .rateLimitWindow(window)
        .onExchange(exchange -> record(exchange, arrivals, tooMany, otherErrors))
        .build()
        .start();
    boolean met;
    try (SonoranCadClient client = SonoranCadClient.builder()
        .apiKey(sandbox.apiKey())
        .baseUrl(sandbox.baseUrl())
        .rateLimitWindow(window)
        .maxRateLimitWait(window.multipliedBy(units))
        .build()) {
      long setupStart = System.nanoTime();
      List<Integer> identIds = new ArrayList<>();
      UUID account = UUID.randomUUID();
      for (int i = 0; i < units; i++) {
        identIds.add(client.emergency().identifiers()
            .createIdentifier(account, CreateIdentifierRequest.builder().unitNum("U-" + i).build()).identId());
      }
      System.out.printf(Locale.ROOT, "Created %d identifiers in %.1f s%n", units, (System.nanoTime() - setupStart) / 1e9);
      arrivals.clear();

      StatusUpdates stream = client.emergency().units().statusUpdates();
      Map<Integer, UnitStatus> lastSubmitted = new ConcurrentHashMap<>();
      List<Long> delaysNanos = new CopyOnWriteArrayList<>();
      AtomicLong lastDelivery = new AtomicLong();
      AtomicInteger failed = new AtomicInteger();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      Random random = new Random(13);
      int total = changesPerWindow * windows;
      long spacingNanos = window.toNanos() / changesPerWindow;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + i * spacingNanos;
        long early = due - System.nanoTime();
        if (early > 0) {
          LockSupport.parkNanos(early);
        }
        int identId = identIds.get(random.nextInt(units));
        UnitStatus status = statuses.get(random.nextInt(statuses.size()));
        lastSubmitted.put(identId, status);
        long submitted = System.nanoTime();
        futures.add(stream.submit(SetUnitStatusRequest.builder().identIds(List.of(identId)).status(status).build())
            .whenComplete((ok, error) -> {
              long now = System.nanoTime();
              if (error != null) {
                failed.incrementAndGet();
                return;
              }
              delaysNanos.add(now - submitted);
              lastDelivery.accumulateAndGet(now, Math::max);
            }));
      }
      long submittedAll = System.nanoTime();
      stream.close();
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).exceptionally(e -> null)
          .get(1, TimeUnit.MINUTES);

      double submitWindows = (submittedAll - start) / (double) window.toNanos();
      double perWindow = delaysNanos.size() / submitWindows;
      double spanWindows = (lastDelivery.get() - start) / (double) window.toNanos();
      System.out.printf(Locale.ROOT, "%nSubmitted %d changes in %.2f s (%.0f per window); delivered %d, failed %d;"
              + " the last delivered %.0f ms after the last submission%n",
          total, (submittedAll - start) / 1e9, total / submitWindows, delaysNanos.size(), failed.get(),
          (lastDelivery.get() - submittedAll) / 1e6);
      System.out.printf(Locale.ROOT, "  changes delivered per scaled minute (window), over the submission period: %.0f"
              + " (target >= %d; one request per change would deliver %d); over first submission to last"
              + " delivery: %.0f%n", perWindow, changesPerWindow, limit, delaysNanos.size() / spanWindows);

      List<Long> sortedArrivals = new ArrayList<>(arrivals);
      Collections.sort(sortedArrivals);
      int most = mostInAnyWindow(sortedArrivals, window.toNanos());
      System.out.printf(Locale.ROOT, "  requests: %d (%.1f changes per request); 429s: %d; other errors: %d;"
              + " most arrivals in any rolling %d ms window: %d (N = %d)%n",
          sortedArrivals.size(), delaysNanos.size() / (double) Math.max(1, sortedArrivals.size()), tooMany.get(),
          otherErrors.get(), window.toMillis(), most, limit);

      int matching = 0;
      List<String> mismatches = new ArrayList<>();
      for (Map.Entry<Integer, UnitStatus> expected : lastSubmitted.entrySet()) {
        int actual = sandbox.identifier(expected.getKey()).map(SandboxIdentifier::status).orElse(-1);
        if (actual == expected.getValue().value()) {
          matching++;
        } else if (mismatches.size() < 5) {
          mismatches.add(expected.getKey() + ": " + actual + " != " + expected.getValue().value());
        }
      }
      System.out.printf(Locale.ROOT, "  final status equal to the last submitted: %d of %d units%s%n", matching,
          lastSubmitted.size(), mismatches.isEmpty() ? "" : " " + mismatches);

      List<Long> delays = new ArrayList<>(delaysNanos);
      Collections.sort(delays);
      double p50 = percentile(delays, 0.50) / 1e6;
      double p95 = percentile(delays, 0.95) / 1e6;
      double bound = statuses.size() * window.toMillis() / (double) limit + 1000;
      System.out.printf(Locale.ROOT, "  submission -> delivery: p50 %.0f ms, p95 %.0f ms, max %.0f ms"
              + " (target p95 <= %d statuses x %d ms / %d + 1 s = %.0f ms)%n",
          p50, p95, delays.isEmpty() ? 0 : delays.get(delays.size() - 1) / 1e6, statuses.size(), window.toMillis(),
          limit, bound);

      met = perWindow >= changesPerWindow && tooMany.get() == 0 && otherErrors.get() == 0 && failed.get() == 0
          && most <= limit && matching == lastSubmitted.size() && p95 <= bound;
      System.out.println(met ? "All targets met." : "Some targets MISSED.");
    } finally {
      sandbox.close();
    }
    System.exit(met ? 0 : 1);
  }

  private static void record(SandboxExchange exchange, List<Long> arrivals, AtomicInteger tooMany,
      AtomicInteger otherErrors) {
    if (!exchange.method().equals("PATCH")) {
      return;
    }
    arrivals.add(System.nanoTime());
    if (exchange.status() == 429) {
      tooMany.incrementAndGet();
    } else if (exchange.status() != 200) {
      otherErrors.incrementAndGet();
    }
  }

  private static int mostInAnyWindow(List<Long> sorted, long windowNanos) {
    int most = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (sorted.get(last) - sorted.get(first) >= windowNanos) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  private static long percentile(List<Long> sorted, double fraction) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(fraction * sorted.size()) - 1));
  }
}
