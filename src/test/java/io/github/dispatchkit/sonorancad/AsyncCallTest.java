package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code ...Async} methods hold no thread while they wait: permit waits and retry delays are
 * scheduled on the client's one scheduler thread, attempts are enqueued on OkHttp's dispatcher, and
 * cancelling a call stops its wait or its attempt and returns its permit.
 */
@Timeout(60)
class AsyncCallTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.ENROUTE).build();

  @RegisterExtension
  final ClientTestServer api = new ClientTestServer();

  /**
   * 1,000 calls of Set Unit Status (30 per window) fired at once against the sandbox, which answers
   * 429 to any request over the limit: every one succeeds, none is refused, and the client's threads
   * (its scheduler and OkHttp's) stay a handful while hundreds of calls wait for permits.
   */
  @Test
  void aThousandCallsWaitingForPermits_useAFewThreads_andNoneIsRefused() throws Exception {
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    Duration window = Duration.ofMillis(100);
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().rateLimitWindow(window)
            .onExchange(exchange -> statuses.computeIfAbsent(exchange.status(), s -> new AtomicInteger()).incrementAndGet())
            .build().start();
        SonoranCadClient client = SonoranCadClient.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl())
            .rateLimitWindow(window).build()) {
      int before = clientThreads().size();
      List<CompletableFuture<SetUnitStatusResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        calls.add(client.emergency().units().setUnitStatusAsync(STATUS));
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
      int peak = 0;
      List<String> atPeak = List.of();
      while (!all.isDone()) {
        List<String> now = clientThreads();
        if (now.size() > peak) {
          peak = now.size();
          atPeak = now;
        }
        try {
          all.get(20, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // sample again
        }
      }
      all.join();

      System.out.printf("1,000 async calls: client threads %d before, peak %d while waiting: %s%n", before, peak, atPeak);
      // One scheduler thread, and OkHttp's: at most 5 calls at a time per host on its dispatcher (13
      // threads at the peak here, idle pool threads included), never one per waiting call.
      assertThat(peak).as("the scheduler and OkHttp's threads, not a thread per call: %s", atPeak)
          .isLessThanOrEqualTo(20);
      assertThat(statuses.keySet()).containsOnly(200);
      assertThat(statuses.get(200)).hasValue(1_000);
    }
  }

  /** Threads of the client: its scheduler and OkHttp's dispatcher, pool and task runners. */
  private static List<String> clientThreads() {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("SonoranCadClient") || thread.getName().startsWith("OkHttp")) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  @Test
  void cancellingACallWaitingForAPermit_sendsNothing() throws Exception {
    try (SonoranCadClient client = api.client().build()) {
      int limit = OperationIndex.spec("setUnitStatus").rateLimitRequests();
      for (int i = 0; i < limit; i++) {
        client.emergency().units().setUnitStatus(STATUS);
      }
      CompletableFuture<SetUnitStatusResponse> waiting = client.emergency().units().setUnitStatusAsync(STATUS);
      assertThat(waiting).isNotDone();

      assertThat(waiting.cancel(true)).isTrue();

      assertThat(waiting).isCancelled();
      assertThat(api.requestCount()).isEqualTo(limit);
    }
  }

  @Test
  void cancellingACallInFlight_returnsItsPermit() throws Exception {
    api.answerUnits(ClientTestServer.json("{\"updated\":1}").withFixedDelay(30_000));
    RecordingStore store = new RecordingStore();
    try (SonoranCadClient client = api.client().rateLimitStore(store).build()) {
      CompletableFuture<SetUnitStatusResponse> inFlight = client.emergency().units().setUnitStatusAsync(STATUS);
      assertThat(store.acquired.await(10, TimeUnit.SECONDS)).isTrue();
      while (api.requestCount() == 0 && !inFlight.isDone()) {
        Thread.onSpinWait(); // until WireMock has the request
      }

      inFlight.cancel(true);

      assertThat(store.released.await(10, TimeUnit.SECONDS)).as("the permit is returned").isTrue();
      assertThat(inFlight).isCancelled();
    }
  }

  @Test
  void closingTheClient_failsTheCallsStillWaiting() throws Exception {
    CompletableFuture<SetUnitStatusResponse> waiting;
    try (SonoranCadClient client = api.client().build()) {
      int limit = OperationIndex.spec("setUnitStatus").rateLimitRequests();
      for (int i = 0; i < limit; i++) {
        client.emergency().units().setUnitStatus(STATUS);
      }
      waiting = client.emergency().units().setUnitStatusAsync(STATUS);
    }
    assertThat(waiting).isCompletedExceptionally();
    ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
        () -> waiting.get(1, TimeUnit.SECONDS));
    assertThat(failure).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRetryAfterA429_isScheduled_andTheCallSucceeds() {
    api.server.stubFor(patch(urlPathMatching(ClientTestServer.UNITS_PATH)).inScenario("429")
        .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
        .willSetStateTo("again"));
    api.server.stubFor(patch(urlPathMatching(ClientTestServer.UNITS_PATH)).inScenario("429")
        .whenScenarioStateIs("again")
        .willReturn(ClientTestServer.json("{\"updated\":1}")));
    try (SonoranCadClient client = api.client().build()) {
      assertThat(client.emergency().units().setUnitStatusAsync(STATUS).orTimeout(10, TimeUnit.SECONDS).join().updated())
          .isEqualTo(1);
      assertThat(api.statuses()).containsExactly(429, 200);
    }
  }

  /** The in-JVM store, recording when a permit is taken and returned. */
  private static final class RecordingStore implements RateLimitStore {
    final CountDownLatch acquired = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    public RateLimitStore.Acquisition tryAcquire(RateLimitStore.Limit limit, Clock clock) throws IOException {
      RateLimitStore.Acquisition acquisition = RateLimitStore.inJvm().tryAcquire(limit, clock);
      if (acquisition.granted()) {
        acquired.countDown();
      }
      return acquisition;
    }

    @Override
    public void release(RateLimitStore.Limit limit, String permit, Clock clock) throws IOException {
      RateLimitStore.inJvm().release(limit, permit, clock);
      released.countDown();
    }

    @Override
    public void pause(RateLimitStore.Limit limit, Duration duration, Clock clock) throws IOException {
      RateLimitStore.inJvm().pause(limit, duration, clock);
    }
  }
}
