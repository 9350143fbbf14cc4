package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.Operation;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.AVAILABLE).build();

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();

  /** The limit the client enforces is the YAML's: change the number there, rebuild, and this still holds. */
  @Test
  void limitsComeFromTheSpecExtension() throws Exception {
    OpenAPI spec;
    try (var yaml = getClass().getResourceAsStream("/META-INF/sonoran-cad/sonoran-cad-v2.yaml")) {
      spec = new OpenAPIV3Parser().readContents(new String(yaml.readAllBytes(), StandardCharsets.UTF_8)).getOpenAPI();
    }
    int checked = 0;
    for (var path : spec.getPaths().values()) {
      for (var operation : path.readOperations()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> limit = (Map<String, Object>) operation.getExtensions().get("x-rate-limit");
        Operation<?> annotation = OperationIndex.spec(operation.getOperationId());
        assertThat(annotation.rateLimitRequests()).isEqualTo(limit.get("requests"));
        assertThat(annotation.rateLimitPeriod()).isEqualTo(java.time.Duration.parse((String) limit.get("period")));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(OperationIndex.all().size());

    int documented = OperationIndex.spec("setUnitStatus").rateLimitRequests();
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      for (int i = 0; i < documented; i++) {
        client.emergency().units().setUnitStatus(STATUS);
      }
      assertThat(time.sleeps()).as("the first %d calls do not wait", documented).isEmpty();
      client.emergency().units().setUnitStatus(STATUS);
    }
    assertThat(time.sleeps()).as("call %d waits for the window to free", documented + 1)
        .containsExactly(Duration.ofMinutes(1));
    assertThat(api.requestCount()).isEqualTo(documented + 1);
  }

  @Test
  void clientsWithOneKeyShareItsAllowance() {
    try (SonoranCadClient first = api.client().clock(time).sleeper(time).build();
        SonoranCadClient second = api.client().clock(time).sleeper(time).build()) {
      for (int i = 0; i < 10; i++) {
        (i % 2 == 0 ? first : second).emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT,
            CreateIdentifierRequest.builder().build());
      }
      assertThat(time.sleeps()).isEmpty();
      second.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(1));
  }

  /**
   * A call ending at 12:00:00.0005 ends after the millisecond stamp 12:00:00.000: its slot frees a
   * window after 12:00:00.001, or a fast server could see the next request less than a window after it.
   */
  @Test
  void aReleaseInsideAMillisecondIsStampedRoundedUp() {
    FakeTime midMillisecond = new FakeTime(java.time.Instant.parse("2026-11-23T12:00:00.000500Z"));
    try (SonoranCadClient client = api.client().clock(midMillisecond).sleeper(midMillisecond)
        .maxRateLimitWait(Duration.ofMinutes(2)).build()) {
      for (int i = 0; i < 11; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
    }
    assertThat(midMillisecond.sleeps()).containsExactly(Duration.ofMinutes(1).plusMillis(1));
  }

  /**
   * A 429 from the server and a limit reached on the client: one catch, one retryAfter() shape. The
   * 429's Retry-After pauses the limiter, so the next call is refused by the client for as long.
   */
  @Test
  void clientLimitAndServer429AreCaughtAsOneType() {
    List<RateLimitException> caught = new ArrayList<>();
    api.answerUnits(ClientTestServer.json("{\"message\":\"API rate limit exceeded\",\"request_id\":\"r-1\"}")
        .withStatus(429).withHeader("Retry-After", "7"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).maxRetries(0)
        .rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 2; i++) {
        try {
          client.emergency().units().setUnitStatus(STATUS);
        } catch (RateLimitException e) {
          caught.add(e);
        }
      }
    }
    assertThat(caught).hasSize(2);
    RateLimitException server = caught.get(0);
    RateLimitException local = caught.get(1);
    assertThat(server).isNotInstanceOf(ClientRateLimitException.class);
    assertThat(server.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(server.requestId()).isEqualTo("r-1");
    assertThat(local).isInstanceOf(ClientRateLimitException.class).isInstanceOf(SonoranCadServiceException.class);
    assertThat(local.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(local.statusCode()).isEqualTo(429);
    assertThat(local.title()).isEqualTo("Too Many Requests");
    assertThat(local.detail()).contains("30 per PT1M").contains("nothing was sent");
    assertThat(local.bodySnippet()).isEmpty();
    assertThat(((ClientRateLimitException) local).limit()).isEqualTo("30 per PT1M");
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void failFastSaysWhenToRetryAndSendsNothing() {
    try (SonoranCadClient client =
        api.client().clock(time).sleeper(time).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      time.advance(Duration.ofSeconds(15));
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOfSatisfying(ClientRateLimitException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(45));
            assertThat(e.operationId()).isEqualTo("createIdentifier");
          })
          .hasMessageContaining("10 per PT1M");
    }
    assertThat(api.requestCount()).isEqualTo(10);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void waitLongerThanTheDeadlineFails() {
    try (SonoranCadClient client =
        api.client().clock(time).sleeper(time).maxRateLimitWait(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOf(ClientRateLimitException.class);
    }
  }

  /** Real time with the window shrunk by configuration: the server's own timestamps are checked. */
  @Test
  void sixteenThreadsNeverExceedTheLimitInAnyRollingWindow() throws Exception {
    Duration window = Duration.ofMillis(400);
    int calls = 64;
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try (SonoranCadClient client = api.client().rateLimitWindow(window).build()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(threads.submit(() -> client.emergency().units().setUnitStatus(STATUS)));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    List<Long> arrivals = new ArrayList<>();
    api.server.getAllServeEvents().forEach(e -> arrivals.add(e.getRequest().getLoggedDate().getTime()));
    arrivals.sort(null);
    assertThat(arrivals).hasSize(calls);
    for (int i = 0; i + 30 < arrivals.size(); i++) {
      assertThat(arrivals.get(i + 30) - arrivals.get(i))
          .as("arrivals %d and %d are a window apart", i, i + 30)
          .isGreaterThanOrEqualTo(window.toMillis());
    }
    assertThat(api.statuses()).containsOnly(200);
  }
}
