package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.benchmark.PerCallBenchmark.AlwaysGrants;
import io.github.dispatchkit.sonorancad.benchmark.PerCallBenchmark.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;

/**
 * The further variants of {@code -Dbench.breakdown=true} in the per-call scenario, each one step
 * between the hand-written call and the client, all through public API, to show where a
 * difference goes:
 * <ol>
 *   <li>hand-written on an OkHttpClient with the client's default timeouts (10 s connect, 30 s read,
 *       30 s call timeout: a call timeout arms OkHttp's watchdog on every call);
 *   <li>the client given a default {@code OkHttpClient} through {@code okHttpClient(...)}, whose
 *       timeouts it then keeps (no call timeout, as in the hand-written call), limiter off;
 *   <li>the client with its default in-JVM limiter, its window shrunk to 1 ms: one thread would wait
 *       only after 30 calls within about a millisecond, far faster than a loopback call, so this
 *       shows what the limiter's bookkeeping costs against the store that always grants.
 * </ol>
 */
final class Breakdown {
  private Breakdown() {
  }

  static void add(Map<String, Variant> variants, List<AutoCloseable> closeables, String baseUrl) {
    OkHttpClient timed = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(30))
        .build();
    closeables.add(() -> shutdown(timed));
    HandWritten handTimed = new HandWritten(timed, baseUrl, "bench-breakdown-timed-" + UUID.randomUUID());
    variants.put("hand-written, 30 s call timeout", () -> handTimed.setUnitStatus(PerCallBenchmark.CHANGE));

    OkHttpClient untimed = new OkHttpClient();
    closeables.add(() -> shutdown(untimed));
    SonoranCadClient onDefault = SonoranCadClient.builder()
        .apiKey("bench-breakdown-untimed-" + UUID.randomUUID())
        .baseUrl(baseUrl)
        .okHttpClient(untimed)
        .rateLimitStore(new AlwaysGrants())
        .build();
    closeables.add(onDefault);
    variants.put("client on a default OkHttpClient",
        () -> onDefault.emergency().units().setUnitStatus(PerCallBenchmark.REQUEST).updated());

    SonoranCadClient limited = SonoranCadClient.builder()
        .apiKey("bench-breakdown-limited-" + UUID.randomUUID())
        .baseUrl(baseUrl)
        .rateLimitWindow(Duration.ofMillis(1))
        .build();
    closeables.add(limited);
    variants.put("client, in-JVM limiter, 1 ms window",
        () -> limited.emergency().units().setUnitStatus(PerCallBenchmark.REQUEST).updated());
  }

  private static void shutdown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
