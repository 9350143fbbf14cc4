package io.github.dispatchkit.sonorancad.contract;

import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertServedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented per-key limits, end to end: 30 Set Unit Status and 10 Create Identifier requests
 * per minute per API key. Over real HTTP with the window shrunk by configuration, WireMock's journal
 * must never hold more than the limit in any rolling window; with a fake clock, the documented
 * one-minute window itself.
 */
class RateLimitContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private static final Duration SHRUNK_WINDOW = Duration.ofMillis(1_000);
  private static final int THREADS = 5;

  private static int documentedLimit(Operation operation) {
    return operation == Operation.SET_UNIT_STATUS ? 30 : 10;
  }

  /** The documented limits reach the client through the spec: 30 and 10 per PT1M, per API key. */
  @Test
  void documentedLimits_areTheGeneratedOnes() throws Exception {
    io.github.dispatchkit.sonorancad.internal.Operation<?> setUnitStatus = OperationIndex.spec("setUnitStatus");
    io.github.dispatchkit.sonorancad.internal.Operation<?> createIdentifier = OperationIndex.spec("createIdentifier");

    assertThat(setUnitStatus.rateLimitRequests()).isEqualTo(30);
    assertThat(setUnitStatus.rateLimitPeriod()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(setUnitStatus.idempotent()).isTrue();
    assertThat(createIdentifier.rateLimitRequests()).isEqualTo(10);
    assertThat(createIdentifier.rateLimitPeriod()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(createIdentifier.idempotent()).isFalse();
  }

  /**
   * A burst of limit + 5 requests from a few threads, real clock, window shrunk to 1 s: all succeed,
   * and the server never sees more than the limit within any rolling second.
   */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void burstOverTheLimit_isSpaced_neverMoreThanTheLimitInAnyRollingWindow(Operation operation) throws Exception {
    int limit = documentedLimit(operation);
    int burst = limit + 5;
    String apiKey = Stubs.uniqueKey();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Object> results = new ArrayList<>();
    try (SonoranCadClient client = SonoranCadClient.builder()
        .strictResponses(true)
        .apiKey(apiKey)
        .baseUrl(wm.baseUrl())
        .rateLimitWindow(SHRUNK_WINDOW)
        .build()) {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        futures.add(threads.submit(() -> operation.call(client)));
      }
      for (Future<Object> future : futures) {
        results.add(future.get(20, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(results).hasSize(burst);
    results.forEach(operation::assertDocumentedResult);
    List<ServeEvent> served = wm.served();
    assertThat(served).hasSize(burst);
    served.forEach(e -> assertServedBy(e, operation == Operation.SET_UNIT_STATUS
        ? "set-unit-status-community-user-ids" : "create-identifier-documented-example"));
    List<Long> arrivals = served.stream()
        .map(e -> e.getRequest().getLoggedDate().getTime())
        .sorted()
        .collect(Collectors.toList());
    assertThat(maxInAnyWindow(arrivals, SHRUNK_WINDOW.toMillis()))
        .as("most requests in any rolling %s window, arrivals %s", SHRUNK_WINDOW, arrivals)
        .isLessThanOrEqualTo(limit);
    assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0))
        .as("the burst was spread over more than one window")
        .isGreaterThanOrEqualTo(SHRUNK_WINDOW.toMillis());
  }

  /** The most timestamps (sorted, ms) that fall in any half-open window [t, t + window). */
  static int maxInAnyWindow(List<Long> sortedMillis, long window) {
    int max = 0;
    int end = 0;
    for (int start = 0; start < sortedMillis.size(); start++) {
      while (end < sortedMillis.size() && sortedMillis.get(end) < sortedMillis.get(start) + window) {
        end++;
      }
      max = Math.max(max, end - start);
    }
    return max;
  }

  /**
   * The documented window, one minute, on a fake clock: limits are per API key (shared by every
   * client of the key, not by other keys) and per operation.
   */
  @Test
  void documentedOneMinuteWindow_perApiKey_perOperation() {
    FakeTime time = new FakeTime();
    String keyA = Stubs.uniqueKey();
    String keyB = Stubs.uniqueKey();
    try (SonoranCadClient a = wm.client(keyA, time).rateLimitMode(RateLimitMode.FAIL_FAST).build();
        SonoranCadClient otherClientOfA = wm.client(keyA, time).rateLimitMode(RateLimitMode.FAIL_FAST).build();
        SonoranCadClient b = wm.client(keyB, time).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 30; i++) {
        Operation.SET_UNIT_STATUS.call(a);
      }
      Throwable refused = catchThrowable(() -> Operation.SET_UNIT_STATUS.call(a));
      assertThat(refused).isInstanceOfSatisfying(ClientRateLimitException.class, e -> {
        assertThat(e.operationId()).isEqualTo("setUnitStatus");
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(e.getMessage()).contains("30 per PT1M");
      });
      assertThat(catchThrowable(() -> Operation.SET_UNIT_STATUS.call(otherClientOfA)))
          .as("another client of the same key shares its limit")
          .isInstanceOf(ClientRateLimitException.class);
      Operation.SET_UNIT_STATUS.call(b);

      for (int i = 0; i < 10; i++) {
        Operation.CREATE_IDENTIFIER.call(a);
      }
      assertThat(catchThrowable(() -> Operation.CREATE_IDENTIFIER.call(a)))
          .isInstanceOfSatisfying(ClientRateLimitException.class,
              e -> assertThat(e.getMessage()).contains("10 per PT1M"));

      time.advance(Duration.ofMinutes(1).minusMillis(1));
      assertThat(catchThrowable(() -> Operation.SET_UNIT_STATUS.call(a))).isInstanceOf(ClientRateLimitException.class);
      time.advance(Duration.ofMillis(1));
      Operation.SET_UNIT_STATUS.call(a);
      Operation.CREATE_IDENTIFIER.call(a);
    }

    assertThat(wm.server().countRequestsMatching(
        Operation.SET_UNIT_STATUS.documentedRequestPattern(keyA).build()).getCount()).isEqualTo(31);
    assertThat(wm.server().countRequestsMatching(
        Operation.CREATE_IDENTIFIER.documentedRequestPattern(keyA).build()).getCount()).isEqualTo(11);
    assertThat(wm.server().countRequestsMatching(
        Operation.SET_UNIT_STATUS.documentedRequestPattern(keyB).build()).getCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  /** By default a call over the limit waits for a permit (a minute later) instead of failing. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void overTheLimit_waitsForTheWindow_byDefault(Operation operation) {
    FakeTime time = new FakeTime();
    String apiKey = Stubs.uniqueKey();
    int limit = documentedLimit(operation);
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      for (int i = 0; i <= limit; i++) {
        operation.assertDocumentedResult(operation.call(client));
      }
    }

    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(1));
    assertThat(wm.server().countRequestsMatching(operation.documentedRequestPattern(apiKey).build()).getCount())
        .isEqualTo(limit + 1);
    List<Long> arrivals = wm.served().stream().map(e -> e.getRequest().getLoggedDate().getTime())
        .collect(Collectors.toList());
    assertThat(arrivals).hasSize(limit + 1);
  }
}
