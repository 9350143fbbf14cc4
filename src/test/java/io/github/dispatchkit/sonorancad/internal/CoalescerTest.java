package io.github.dispatchkit.sonorancad.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer on plain JSON fields: supersession, grouping, oldest group first, refused permits,
 * failures and close. The sender records each group and sends only when the test lets it, so what
 * is pending while a request is "in flight" is under the test's control; waits for permits run on
 * {@link FakeTime}.
 */
class CoalescerTest {
  private static final Map<String, Object> SERVER_1 = Map.of("serverId", 1);
  private static final Operation<Void> OPERATION = Operation.builder("setUnitStatus", "PATCH", "v2/units")
      .rateLimit(30, "PT1M")
      .coalescing(Operation.Coalescing.of("status")
          .batched("identIds", "identIds")
          .batched("communityUserIds", "communityUserIds")
          .batched("communityUserId", "communityUserIds")
          .single("roblox"))
      .returnsNothing();

  private final FakeTime time = new FakeTime();
  private final Semaphore sends = new Semaphore(0);
  private final List<Map<String, Object>> sent = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> paths = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstInFlight = new CountDownLatch(1);
  private volatile Consumer<Map<String, Object>> onSend = body -> { };
  private final Coalescer<Map<String, Object>, Map<String, Object>> coalescer = new Coalescer<>(OPERATION, body -> body, body -> body, (path, body) -> {
    firstInFlight.countDown();
    sends.acquireUninterruptibly();
    paths.add(path);
    sent.add(body);
    onSend.accept(body);
  }, Duration.ZERO, time, time);

  @AfterEach
  void close() {
    sends.release(1_000);
    coalescer.close();
  }

  private static Map<String, Object> change(String field, Object targets, int status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(field, targets);
    body.put("status", status);
    return body;
  }

  /** Submits a change that the dispatcher takes at once and holds in flight until the test releases it. */
  private CompletableFuture<Void> holdDispatcher() throws InterruptedException {
    CompletableFuture<Void> first = coalescer.submit(SERVER_1, change("identIds", List.of(999), 0));
    assertThat(firstInFlight.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private void sendAll(CompletableFuture<?>... futures) {
    sends.release(1_000);
    CompletableFuture.allOf(futures).orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  @Test
  void aNewerChangeSupersedesThePendingOne_andCompletesTheOlderFuture() throws Exception {
    CompletableFuture<Void> held = holdDispatcher();
    CompletableFuture<Void> first = coalescer.submit(SERVER_1, change("identIds", List.of(1), 2));
    CompletableFuture<Void> second = coalescer.submit(SERVER_1, change("identIds", List.of(1), 3));
    CompletableFuture<Void> third = coalescer.submit(SERVER_1, change("identIds", List.of(1), 4));

    sendAll(held, first, second, third);

    assertThat(sent).containsExactly(change("identIds", List.of(999), 0), change("identIds", List.of(1), 4));
    assertThat(List.of(first, second, third)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aChangeWhileItsTargetIsInFlight_isSentAfterIt() throws Exception {
    CompletableFuture<Void> inFlight = coalescer.submit(SERVER_1, change("identIds", List.of(1), 2));
    assertThat(firstInFlight.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> later = coalescer.submit(SERVER_1, change("identIds", List.of(1), 3));

    sendAll(inFlight, later);

    assertThat(sent).containsExactly(change("identIds", List.of(1), 2), change("identIds", List.of(1), 3));
  }

  @Test
  void pendingTargets_areGroupedByStatusAndKind_batchedKindsInOneRequest_singlesAlone() throws Exception {
    CompletableFuture<Void> held = holdDispatcher();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    futures.add(coalescer.submit(SERVER_1, change("identIds", List.of(1, 2), 2)));
    futures.add(coalescer.submit(SERVER_1, change("communityUserId", "a", 2)));
    futures.add(coalescer.submit(SERVER_1, change("identIds", List.of(3), 2)));
    futures.add(coalescer.submit(SERVER_1, change("communityUserIds", List.of("b", "a"), 2)));
    futures.add(coalescer.submit(SERVER_1, change("roblox", 5L, 2)));
    futures.add(coalescer.submit(SERVER_1, change("identIds", List.of(4), 3)));
    futures.add(coalescer.submit(SERVER_1, change("roblox", 6L, 2)));
    futures.add(coalescer.submit(Map.of("serverId", 2), change("identIds", List.of(1), 2)));

    sendAll(futures.toArray(new CompletableFuture<?>[0]));
    held.join();

    assertThat(sent.subList(1, sent.size())).containsExactly(
        change("identIds", List.of(1, 2, 3), 2),
        change("communityUserIds", List.of("b", "a"), 2),
        change("roblox", 5L, 2),
        change("identIds", List.of(4), 3),
        change("roblox", 6L, 2),
        change("identIds", List.of(1), 2));
    assertThat(paths.get(paths.size() - 1)).isEqualTo(Map.of("serverId", 2));
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void theGroupHoldingTheLongestWaitingChange_goesFirst_evenAfterItsTargetChanged() throws Exception {
    CompletableFuture<Void> held = holdDispatcher();
    CompletableFuture<Void> a = coalescer.submit(SERVER_1, change("identIds", List.of(1), 2));
    CompletableFuture<Void> b = coalescer.submit(SERVER_1, change("identIds", List.of(2), 3));
    CompletableFuture<Void> c = coalescer.submit(SERVER_1, change("identIds", List.of(3), 4));
    // Target 1 changes again: it keeps the age of its first pending change, so status 0 goes first.
    CompletableFuture<Void> a2 = coalescer.submit(SERVER_1, change("identIds", List.of(1), 0));

    sendAll(held, a, b, c, a2);

    assertThat(sent.subList(1, sent.size())).containsExactly(
        change("identIds", List.of(1), 0),
        change("identIds", List.of(2), 3),
        change("identIds", List.of(3), 4));
  }

  @Test
  void aRefusedPermit_waitsThatLong_andPicksAgain_withTheChangesSinceMergedIn() throws Exception {
    AtomicReference<Coalescer<Map<String, Object>, Map<String, Object>>> self = new AtomicReference<>();
    List<CompletableFuture<Void>> duringTheWait = new CopyOnWriteArrayList<>();
    Coalescer<Map<String, Object>, Map<String, Object>> limited = new Coalescer<>(OPERATION, body -> body, body -> body, (path, body) -> {
      if (duringTheWait.isEmpty()) {
        // While no permit is free, another target joins and target 1 changes again.
        duringTheWait.add(self.get().submit(SERVER_1, change("identIds", List.of(2), 2)));
        duringTheWait.add(self.get().submit(SERVER_1, change("identIds", List.of(1), 2)));
        throw new ClientRateLimitException("setUnitStatus", "30 per PT1M", Duration.ofMillis(1_250));
      }
      sent.add(body);
    }, Duration.ZERO, time, time);
    self.set(limited);
    CompletableFuture<Void> first = limited.submit(SERVER_1, change("identIds", List.of(1), 3));
    first.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    limited.close();

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1_250));
    assertThat(sent).containsExactly(change("identIds", List.of(2, 1), 2));
    assertThat(first).isCompleted().isNotCompletedExceptionally();
    assertThat(duringTheWait).hasSize(2).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void requestsStartAtLeastTheSpacingApart_soThatNoBurstEmptiesTheLimit() throws Exception {
    List<Long> startedAt = new CopyOnWriteArrayList<>();
    Coalescer<Map<String, Object>, Map<String, Object>> paced = new Coalescer<>(OPERATION, body -> body, body -> body, (path, body) -> startedAt.add(time.millis()),
        Duration.ofSeconds(2), time, time);
    long t0 = time.millis();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int status = 0; status < 3; status++) {
      futures.add(paced.submit(SERVER_1, change("identIds", List.of(1 + status), status)));
    }
    paced.close();

    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(startedAt).containsExactly(t0, t0 + 2_000, t0 + 4_000);
  }

  @Test
  void aFailedRequest_failsEveryFutureOfItsGroup_supersededOnesIncluded_andNoOther() throws Exception {
    IllegalStateException failure = new IllegalStateException("HTTP 404");
    onSend = body -> {
      if (Integer.valueOf(2).equals(body.get("status"))) {
        throw failure;
      }
    };
    CompletableFuture<Void> held = holdDispatcher();
    CompletableFuture<Void> superseded = coalescer.submit(SERVER_1, change("identIds", List.of(1), 4));
    CompletableFuture<Void> one = coalescer.submit(SERVER_1, change("identIds", List.of(1), 2));
    CompletableFuture<Void> two = coalescer.submit(SERVER_1, change("identIds", List.of(2), 2));
    CompletableFuture<Void> other = coalescer.submit(SERVER_1, change("identIds", List.of(3), 3));

    sendAll(held, superseded, one, two, other);

    for (CompletableFuture<Void> future : List.of(superseded, one, two)) {
      assertThat(future).isCompletedExceptionally();
      try {
        future.join();
      } catch (CompletionException e) {
        assertThat(e.getCause()).isSameAs(failure);
      }
    }
    assertThat(other).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void close_sendsEveryPendingChange_thenRefusesNewOnes() throws Exception {
    CompletableFuture<Void> held = holdDispatcher();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int unit = 1; unit <= 20; unit++) {
      pending.add(coalescer.submit(SERVER_1, change("identIds", List.of(unit), unit % 3)));
    }
    Thread closer = new Thread(coalescer::close);
    closer.start();
    while (!coalescer.submit(SERVER_1, change("identIds", List.of(1), 4)).isDone()) {
      // A change accepted before close took effect joins the drain.
      Thread.onSpinWait();
    }
    CompletableFuture<Void> refused = coalescer.submit(SERVER_1, change("identIds", List.of(1), 4));

    sends.release(1_000);
    closer.join(10_000);

    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(held).isCompleted();
    assertThat(pending).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(refused).isCompletedExceptionally();
    assertThat(refused.handle((ok, e) -> e).join())
        .isInstanceOf(IllegalStateException.class).hasMessage("setUnitStatus stream is closed");
    assertThat(sent).hasSizeBetween(4, 5);
  }

  @Test
  void close_fromAFuturesCallback_doesNotDeadlock() throws Exception {
    sends.release(1_000);
    CompletableFuture<Void> closedInCallback = coalescer.submit(SERVER_1, change("identIds", List.of(1), 2))
        .thenRun(coalescer::close);

    closedInCallback.orTimeout(10, TimeUnit.SECONDS).join();

    assertThat(coalescer.submit(SERVER_1, change("identIds", List.of(1), 2))).isCompletedExceptionally();
  }

  @Test
  void aChangeWithoutValueOrTarget_isRefusedAtOnce() {
    assertThat(coalescer.submit(SERVER_1, Map.of("identIds", List.of(1))).handle((ok, e) -> e).join())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setUnitStatus: a change needs status");
    assertThat(coalescer.submit(SERVER_1, Map.of("status", 2)).handle((ok, e) -> e).join())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sent).isEmpty();
  }
}
