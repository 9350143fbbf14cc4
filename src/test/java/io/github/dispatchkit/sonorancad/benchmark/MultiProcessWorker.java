package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.ratelimit.RedisRateLimitStore;
import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * One process of {@link MultiProcessBenchmark}: {@code threads} threads of one client call Set Unit
 * Status in a loop, sharing the key's limit through a {@link RedisRateLimitStore}, until a deadline.
 *
 * <p>Protocol on stdin/stdout: prints {@code READY <permit prefix>} once connected to Redis (the
 * prefix of this process's slot names, so the coordinator can tell its slots apart), reads
 * {@code <start epoch ms> <deadline epoch ms>}, runs, prints {@code RESULT ok=.. abandoned=.. errors=..}.
 * Settings come as system properties; the API key in {@code SONORAN_API_KEY}, so it is never on a
 * command line.
 */
public final class MultiProcessWorker {
  private static final SetUnitStatusRequest REQUEST = SetUnitStatusRequest.builder()
      .communityUserIds(List.of("player-1234"))
      .status(UnitStatus.ENROUTE)
      .build();

  private MultiProcessWorker() {
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = System.getProperty("worker.baseUrl");
    String redisUrl = System.getProperty("worker.redisUrl");
    int threads = Integer.getInteger("worker.threads", 8);
    Duration window = Duration.ofMillis(Long.getLong("worker.windowMillis", 2000));
    Duration lease = Duration.ofMillis(Long.getLong("worker.leaseMillis", 5000));
    long latencyMillis = Long.getLong("worker.latencyMillis", 20);
    String apiKey = System.getenv("SONORAN_API_KEY");

    DeadlineSleeper sleeper = new DeadlineSleeper();
    // Holds each call in flight a little longer, as a round trip to a real server would.
    OkHttpClient withLatency = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          Response response = chain.proceed(chain.request());
          try {
            TimeUnit.MILLISECONDS.sleep(latencyMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return response;
        })
        .build();
    try (RedisRateLimitStore store = RedisRateLimitStore.builder(redisUrl).lease(lease)
            // Three JVMs connecting at once on a loaded 2-core machine can take longer than the 2 s default.
            .timeout(Duration.ofSeconds(10)).build();
        SonoranCadClient client = SonoranCadClient.builder()
            .apiKey(apiKey)
            .baseUrl(baseUrl)
            .okHttpClient(withLatency)
            .attemptTimeout(lease.dividedBy(2))
            .rateLimitWindow(window)
            .rateLimitStore(store)
            .maxRateLimitWait(Duration.ofMinutes(10))
            .sleeper(sleeper)
            .build()) {
      // Connect and load classes before the start, on a limit of its own; its permit names the prefix.
      RateLimitStore.Limit warmUp = new RateLimitStore.Limit("benchmark-warm-up", Integer.MAX_VALUE, Duration.ofMillis(1));
      String permit = store.tryAcquire(warmUp, Clock.systemUTC()).permit();
      store.release(warmUp, permit, Clock.systemUTC());
      System.out.println("READY " + permit.substring(0, permit.indexOf(':') + 1));
      System.out.flush();

      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String[] times = in.readLine().trim().split(" ");
      long startEpoch = Long.parseLong(times[0]);
      long deadlineEpoch = Long.parseLong(times[1]);
      sleeper.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineEpoch - System.currentTimeMillis());
      long startIn = startEpoch - System.currentTimeMillis();
      if (startIn > 0) {
        Thread.sleep(startIn);
      }

      LongAdder ok = new LongAdder();
      LongAdder abandoned = new LongAdder();
      Map<String, LongAdder> errors = new ConcurrentHashMap<>();
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread worker = new Thread(() -> {
          while (System.nanoTime() - sleeper.deadlineNanos < 0) {
            try {
              client.emergency().units().setUnitStatus(REQUEST);
              ok.increment();
            } catch (SonoranCadIoException e) {
              if (e.getCause() instanceof InterruptedIOException && Thread.interrupted()) {
                abandoned.increment();
                break;
              }
              errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } catch (RuntimeException e) {
              errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
          }
        }, "worker-" + i);
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      Map<String, Long> errorCounts = new TreeMap<>();
      errors.forEach((type, count) -> errorCounts.put(type, count.sum()));
      System.out.println("RESULT ok=" + ok.sum() + " abandoned=" + abandoned.sum() + " errors=" + errorCounts);
      System.out.flush();
    }
  }

  /** Refuses, as an interruption, any wait that would end after the deadline. */
  private static final class DeadlineSleeper implements Sleeper {
    volatile long deadlineNanos = Long.MAX_VALUE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      if (System.nanoTime() + duration.toNanos() - deadlineNanos > 0) {
        throw new InterruptedException("past the deadline");
      }
      SYSTEM.sleep(duration);
    }
  }
}
