package io.github.dispatchkit.sonorancad.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.ClientTestServer;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.TestRedis;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.RateLimitStoreException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Acquisition;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Limit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only the Redis store does: server time, leases, many processes, Redis going away. */
class RedisRateLimitStoreTest {
  @RegisterExtension static final TestRedis REDIS = new TestRedis();
  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  private final FakeTime time = new FakeTime();
  private final Limit limit = new Limit("redis-" + UUID.randomUUID() + ":op", 3, Duration.ofSeconds(1));

  private RedisRateLimitStore.Builder fakeTimed(String url) {
    return RedisRateLimitStore.builder(url)
        .epochMicros(() -> ChronoUnit.MICROS.between(Instant.EPOCH, time.instant()));
  }

  /** A slot taken and never released, as by a process killed mid-request, frees a lease after it was taken. */
  @Test
  void theLeaseFreesTheSlotsOfAHolderThatDied() throws IOException {
    try (RedisRateLimitStore store = fakeTimed(REDIS.url()).lease(Duration.ofSeconds(10)).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(store.tryAcquire(limit, time).granted()).isTrue();
      }
      time.advance(Duration.ofMillis(9_500));
      assertThat(store.tryAcquire(limit, time).retryAfter()).as("the lease ends first").isEqualTo(Duration.ofMillis(500));
      time.advance(Duration.ofMillis(500));
      assertThat(store.tryAcquire(limit, time).granted()).isTrue();
    }
  }

  /** A release after the lease lapsed still counts for a window: late, never forgotten. */
  @Test
  void aReleaseAfterTheLeaseStillHoldsItsSlotForAWindow() throws IOException {
    Limit one = new Limit(limit.name(), 1, Duration.ofSeconds(5));
    try (RedisRateLimitStore store = fakeTimed(REDIS.url()).lease(Duration.ofSeconds(1)).build()) {
      String slow = store.tryAcquire(one, time).permit();
      time.advance(Duration.ofSeconds(1));
      String next = store.tryAcquire(one, time).permit();
      assertThat(next).isNotNull();
      store.release(one, slow, time);
      store.release(one, next, time);
      time.advance(Duration.ofMillis(4_999));
      assertThat(store.tryAcquire(one, time).granted()).isFalse();
      time.advance(Duration.ofMillis(1));
      assertThat(store.tryAcquire(one, time).granted()).isTrue();
    }
  }

  /** 3 stores (3 connections, as 3 processes) x 8 threads race for slots at one instant: exactly N win. */
  @Test
  void racingProcessesNeverTakeMoreThanTheLimit() throws Exception {
    Limit thirty = new Limit(limit.name(), 30, Duration.ofMinutes(1));
    List<RedisRateLimitStore> stores = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(24);
    try {
      for (int i = 0; i < 3; i++) {
        stores.add(fakeTimed(REDIS.url()).build());
      }
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger granted = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 24; t++) {
        RateLimitStore store = stores.get(t % 3);
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < 10; i++) {
            if (store.tryAcquire(thirty, time).granted()) {
              granted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
      assertThat(granted).hasValue(30);
    } finally {
      threads.shutdownNow();
      stores.forEach(RedisRateLimitStore::close);
    }
  }

  /** Without a time override the scripts read Redis's TIME; keys carry the key's fingerprint, not the key. */
  @Test
  void serverTimeAndKeysWithoutTheApiKey() throws Exception {
    String apiKey = api.apiKey;
    try (RedisRateLimitStore store = RedisRateLimitStore.builder(REDIS.url()).build();
        SonoranCadClient client = api.client().rateLimitStore(store).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOfSatisfying(ClientRateLimitException.class, e -> assertThat(e.retryAfter().orElseThrow())
              .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));

      List<String> keys = REDIS.commands().keys("sonoran-cad:limit:{" + sha256Hex(apiKey) + ":*");
      assertThat(keys).singleElement().asString()
          .startsWith("sonoran-cad:limit:{")
          .endsWith(":createIdentifier:10/60000}:slots")
          .doesNotContain(apiKey);
      String key = keys.get(0);
      assertThat(REDIS.commands().zcard(key)).isEqualTo(10);
      assertThat(REDIS.commands().pttl(key)).as("expires once idle").isPositive()
          .isLessThanOrEqualTo(Duration.ofMinutes(2).toMillis());
      for (String member : REDIS.commands().zrange(key, 0, -1)) {
        assertThat(member).doesNotContain(apiKey);
      }
    }
    assertThat(api.requestCount()).isEqualTo(10);
  }

  /**
   * The status stream takes its permits through the executor, so from Redis: with the allowance used
   * up by another process, its change waits for that process's slots to free, then goes out once.
   */
  @Test
  void theStatusStreamWaitsForSlotsAnotherProcessHolds() throws Exception {
    Limit setUnitStatus = new Limit(sha256Hex(api.apiKey) + ":setUnitStatus", 30, Duration.ofMinutes(1));
    try (RedisRateLimitStore otherProcess = fakeTimed(REDIS.url()).build();
        RedisRateLimitStore store = fakeTimed(REDIS.url()).build()) {
      for (int i = 0; i < 30; i++) {
        otherProcess.release(setUnitStatus, otherProcess.tryAcquire(setUnitStatus, time).permit(), time);
      }
      try (SonoranCadClient client = api.client().rateLimitStore(store).clock(time).sleeper(time).build()) {
        client.emergency().units().statusUpdates().submit(SetUnitStatusRequest.builder()
            .identIds(List.of(7)).status(UnitStatus.BUSY).build()).get(10, TimeUnit.SECONDS);
      }
    }
    assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .as("waited for the other process's slots").isEqualTo(Duration.ofMinutes(1));
    assertThat(api.requestCount()).isEqualTo(1);
  }

  /** Two clients with their own connections, as two processes on one key, share its allowance. */
  @Test
  void clientsInTwoProcessesShareTheAllowance() {
    try (RedisRateLimitStore firstStore = RedisRateLimitStore.create(REDIS.url());
        RedisRateLimitStore secondStore = RedisRateLimitStore.create(REDIS.url());
        SonoranCadClient first = api.client().rateLimitStore(firstStore).rateLimitMode(RateLimitMode.FAIL_FAST).build();
        SonoranCadClient second = api.client().rateLimitStore(secondStore).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 10; i++) {
        (i % 2 == 0 ? first : second).emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      assertThatThrownBy(() -> first.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOf(ClientRateLimitException.class);
    }
    assertThat(api.requestCount()).isEqualTo(10);
  }

  @Test
  void unreachableRedisFailsTheCallWithATypedExceptionAndSendsNothing() {
    try (SonoranCadClient client = api.client().redisUrl(TestRedis.unreachableUrl()).build()) {
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOfSatisfying(RateLimitStoreException.class,
              e -> assertThat(e.operationId()).isEqualTo("createIdentifier"))
          .hasMessageStartingWith("createIdentifier: not sent, the rate-limit store failed: IOException: Redis at 127.0.0.1:")
          .hasMessageNotContaining(api.apiKey);
    }
    assertThat(api.requestCount()).isZero();
  }

  /** Redis stops mid-run: calls fail typed, nothing is sent; Redis comes back: the next call goes through. */
  @Test
  void redisStoppedMidRunThenBack() {
    try (TestRedis own = new TestRedis()) {
      own.start();
      try (RedisRateLimitStore store = RedisRateLimitStore.create(own.url());
          SonoranCadClient client = api.client().rateLimitStore(store).build()) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
        own.stop();
        assertThatThrownBy(() -> client.emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
            .isInstanceOf(RateLimitStoreException.class);
        assertThat(api.requestCount()).isEqualTo(1);
        own.start();
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
    }
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void toStringShowsWhereButNeverThePassword() {
    try (RedisRateLimitStore store = RedisRateLimitStore.builder("redis://:hunter2@127.0.0.1:6390/0")
        .lease(Duration.ofSeconds(45)).build()) {
      assertThat(store).hasToString("RedisRateLimitStore{127.0.0.1:6390, lease=PT45S}");
    }
  }

  /** The client's clock is ignored: Redis's own decides, so a host with a skewed clock cannot break the limit. */
  @Test
  void aSkewedClientClockChangesNothing() throws IOException {
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));
    Limit one = new Limit(limit.name(), 1, Duration.ofMinutes(1));
    try (RedisRateLimitStore store = RedisRateLimitStore.create(REDIS.url())) {
      Acquisition first = store.tryAcquire(one, Clock.systemUTC());
      store.release(one, first.permit(), Clock.systemUTC());
      assertThat(store.tryAcquire(one, skewed).granted()).isFalse();
    }
  }

  private static String sha256Hex(String text) throws java.security.NoSuchAlgorithmException {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(hash);
  }
}
