package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.RateLimitStoreException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore.Limit;
import io.github.dispatchkit.sonorancad.ratelimit.RedisRateLimitStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/**
 * A real redis-server that stalls, refuses the password, or is told to pause for a year: the
 * allowance is whole once the fault ends, and each fault is reported as what it is.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisFaultsTest {
  @RegisterExtension static final TestRedis REDIS = new TestRedis();
  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  /**
   * Redis frozen by {@code DEBUG SLEEP}: every acquire times out on the client, and Redis runs them
   * all when it wakes. None of them may keep its slot for the 60 s lease.
   */
  @Test
  void acquiresThatTimedOutDuringAFreezeLeaveTheAllowanceWhole() throws Exception {
    Limit limit = new Limit("freeze-" + UUID.randomUUID() + ":op", 4, Duration.ofMinutes(1));
    RedisClient admin = RedisClient.create(REDIS.url());
    try (RedisRateLimitStore store = RedisRateLimitStore.builder(REDIS.url()).timeout(Duration.ofMillis(250)).build();
        StatefulRedisConnection<String, String> sleeper = admin.connect();
        StatefulRedisConnection<String, String> probe = admin.connect()) {
      assertThat(store.tryAcquire(limit, Clock.systemUTC()).granted()).as("connected before the freeze").isTrue();

      RedisFuture<String> sleeping = sleeper.async().dispatch(CommandType.DEBUG,
          new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(3));
      probe.setTimeout(Duration.ofMillis(100));
      awaitFrozen(probe);
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> store.tryAcquire(limit, Clock.systemUTC()))
            .isInstanceOf(IOException.class).hasMessageContaining("RedisCommandTimeoutException");
      }
      assertThat(sleeping.get(10, TimeUnit.SECONDS)).isEqualTo("OK");

      int granted = 0;
      for (int i = 0; i < 4; i++) {
        granted += store.tryAcquire(limit, Clock.systemUTC()).granted() ? 1 : 0;
      }
      assertThat(granted).as("the first slot was taken before the freeze; the other 3 are free again").isEqualTo(3);
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Returns once a PING on {@code probe} times out: Redis is asleep. */
  private static void awaitFrozen(StatefulRedisConnection<String, String> probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      try {
        probe.sync().ping();
      } catch (RuntimeException timedOut) {
        return;
      }
    }
    throw new AssertionError("Redis never froze");
  }

  @Test
  void aWrongOrMissingPasswordIsReportedAsSuchNotAsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    RedisServer guarded = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no").setting("requirepass right-password").build();
    guarded.start();
    try {
      Limit limit = new Limit("auth-" + UUID.randomUUID() + ":op", 1, Duration.ofSeconds(1));
      for (String url : List.of("redis://:wrong-password@127.0.0.1:" + port, "redis://127.0.0.1:" + port)) {
        try (RedisRateLimitStore store = RedisRateLimitStore.create(url)) {
          assertThatThrownBy(() -> store.tryAcquire(limit, Clock.systemUTC()))
              .isInstanceOf(IOException.class)
              .hasMessageContaining("Redis at 127.0.0.1:" + port + " refused the credentials")
              .hasMessageNotContaining("unreachable")
              .hasMessageNotContaining("wrong-password");
        }
      }
      try (SonoranCadClient client = api.client().redisUrl("redis://:wrong-password@127.0.0.1:" + port).build()) {
        assertThatThrownBy(() -> client.emergency().units().setUnitStatus(
            SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.BUSY).build()))
            .isInstanceOf(RateLimitStoreException.class).hasMessageContaining("refused the credentials");
      }
      assertThat(api.requestCount()).isZero();
      try (RedisRateLimitStore store = RedisRateLimitStore.create("redis://:right-password@127.0.0.1:" + port)) {
        assertThat(store.tryAcquire(limit, Clock.systemUTC()).granted()).isTrue();
      }
    } finally {
      guarded.stop();
    }
  }

  @Test
  void aYearLongRetryAfterPausesEveryProcessForAtMostMaxRetryWait() {
    api.answerUnits(ClientTestServer.json("{}").withStatus(429).withHeader("Retry-After", "31536000"));
    FakeTime time = new FakeTime();
    try (SonoranCadClient client = api.client().redisUrl(REDIS.url()).clock(time).sleeper(time)
        .maxRetryWait(Duration.ofSeconds(30)).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.BUSY).build()))
          .isInstanceOf(RateLimitException.class);
    }
    List<String> pauses = REDIS.commands().keys("*" + ApiKey.of(api.apiKey).fingerprint() + ":setUnitStatus*:pause");
    assertThat(pauses).hasSize(1);
    assertThat(REDIS.commands().pttl(pauses.get(0))).isPositive().isLessThanOrEqualTo(30_000);
  }

  @Test
  void anyPauseIsAcceptedAndCutToADay() throws IOException {
    Limit limit = new Limit("pause-" + UUID.randomUUID() + ":op", 1, Duration.ofSeconds(1));
    try (RedisRateLimitStore store = RedisRateLimitStore.create(REDIS.url())) {
      store.pause(limit, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Clock.systemUTC());
      store.pause(limit, Duration.ofSeconds(Long.MIN_VALUE), Clock.systemUTC());
      List<String> keys = REDIS.commands().keys("*" + limit.name() + "*:pause");
      assertThat(keys).hasSize(1);
      assertThat(REDIS.commands().pttl(keys.get(0))).isBetween(Duration.ofHours(23).toMillis(), Duration.ofDays(1).toMillis());
      assertThat(store.tryAcquire(limit, Clock.systemUTC()).retryAfter()).isLessThanOrEqualTo(RateLimitStore.MAX_PAUSE);
    }
  }
}
