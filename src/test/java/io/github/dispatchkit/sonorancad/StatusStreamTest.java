package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.StatusUpdates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code client.emergency().units().statusUpdates()}, generated from the spec's {@code x-coalesce},
 * end to end through the real client and a loopback WireMock, with the client's waits on
 * {@link FakeTime}.
 */
class StatusStreamTest {
  private static final List<UnitStatus> STATUSES = List.of(UnitStatus.UNAVAILABLE, UnitStatus.BUSY,
      UnitStatus.AVAILABLE, UnitStatus.ENROUTE, UnitStatus.ON_SCENE, UnitStatus.OFFLINE);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();

  private static SetUnitStatusRequest unit(int identId, UnitStatus status) {
    return SetUnitStatusRequest.builder().identIds(List.of(identId)).status(status).build();
  }

  private List<JsonNode> bodiesSent() throws Exception {
    List<ServeEvent> events = new ArrayList<>(api.server.getAllServeEvents());
    Collections.reverse(events);
    List<JsonNode> bodies = new ArrayList<>();
    for (ServeEvent event : events) {
      bodies.add(JSON.readTree(event.getRequest().getBodyAsString()));
    }
    return bodies;
  }

  @Test
  void invalidChanges_failTheirFutureBeforeAnyIo() {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      StatusUpdates stream = client.emergency().units().statusUpdates();

      CompletableFuture<Void> noTarget = stream.submit(SetUnitStatusRequest.builder().status(UnitStatus.BUSY).build());
      CompletableFuture<Void> badServer = stream.submit(0, unit(1, UnitStatus.BUSY));
      CompletableFuture<Void> nullChange = stream.submit(null);

      assertThat(noTarget.handle((ok, e) -> e).join())
          .isInstanceOf(RequestValidationException.class)
          .hasMessageContaining("setUnitStatus: one of communityUserId, communityUserIds, roblox, discord,"
              + " accountUuid, identIds is required");
      assertThat(badServer.handle((ok, e) -> e).join())
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("serverId");
      assertThat(nullChange.handle((ok, e) -> e).join())
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("request body");
    }
    assertThat(api.requestCount()).isZero();
  }

  /**
   * 600 changes of 60 units from 4 threads: never more than the documented 30 requests in any
   * rolling minute of the client's clock (stamped as each request leaves), every change completed,
   * and the last status each unit received is the last one submitted for it.
   */
  @Test
  void aBurstOfChanges_staysWithinTheLimit_andEveryUnitEndsOnItsLastStatus() throws Exception {
    List<Long> sentAtMillis = new CopyOnWriteArrayList<>();
    OkHttpClient stamping = new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          sentAtMillis.add(time.millis());
          return chain.proceed(chain.request());
        })
        .build();
    Map<Integer, UnitStatus> lastSubmitted = new HashMap<>();
    List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).okHttpClient(stamping).build()) {
      StatusUpdates stream = client.emergency().units().statusUpdates();
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Random random = new Random(thread);
        submitters.add(new Thread(() -> {
          for (int i = 0; i < 150; i++) {
            int identId = 1 + thread * 15 + random.nextInt(15);
            UnitStatus status = STATUSES.get(random.nextInt(STATUSES.size()));
            synchronized (lastSubmitted) {
              lastSubmitted.put(identId, status);
              futures.add(stream.submit(unit(identId, status)));
            }
          }
        }));
      }
      submitters.forEach(Thread::start);
      for (Thread submitter : submitters) {
        submitter.join();
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    }

    assertThat(futures).hasSize(600);
    long window = Duration.ofMinutes(1).toMillis();
    List<Long> stamps = new ArrayList<>(sentAtMillis);
    Collections.sort(stamps);
    for (int i = 30; i < stamps.size(); i++) {
      assertThat(stamps.get(i) - stamps.get(i - 30))
          .as("request %d and the 30th before it", i).isGreaterThanOrEqualTo(window);
    }
    assertThat(api.statuses()).containsOnly(200);
    assertThat(stamps.size()).as("requests").isLessThan(600);

    Map<Integer, Integer> lastReceived = new HashMap<>();
    for (JsonNode body : bodiesSent()) {
      for (JsonNode identId : body.get("identIds")) {
        lastReceived.put(identId.asInt(), body.get("status").asInt());
      }
    }
    Map<Integer, Integer> expected = new HashMap<>();
    lastSubmitted.forEach((identId, status) -> expected.put(identId, status.value()));
    assertThat(lastReceived).isEqualTo(expected);
  }

  /** The stream takes its permits from the same limit as direct calls of the key: none is spare. */
  @Test
  void theStreamWaitsForPermitsThatDirectCallsUsedUp() throws Exception {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      for (int i = 0; i < 30; i++) {
        client.emergency().units().setUnitStatus(unit(100 + i, UnitStatus.BUSY));
      }
      assertThat(time.sleeps()).isEmpty();

      client.emergency().units().statusUpdates().submit(unit(1, UnitStatus.ENROUTE)).get(10, TimeUnit.SECONDS);
    }
    assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .as("waited for the window the direct calls filled").isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(api.requestCount()).isEqualTo(31);
  }

  @Test
  void aFailedGroup_failsEveryFutureOfIt_withTheTypedException() throws Exception {
    api.server.stubFor(patch(urlPathEqualTo("/v2/emergency/servers/9/units/status"))
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
            .withBody("{\"title\":\"Not Found\",\"status\":404}")));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      StatusUpdates stream = client.emergency().units().statusUpdates();
      CompletableFuture<Void> one = stream.submit(9, unit(1, UnitStatus.BUSY));
      CompletableFuture<Void> two = stream.submit(9, unit(2, UnitStatus.BUSY));
      CompletableFuture<Void> elsewhere = stream.submit(1, unit(1, UnitStatus.BUSY));

      for (CompletableFuture<Void> future : List.of(one, two)) {
        assertThat(future.handle((ok, e) -> e).get(10, TimeUnit.SECONDS)).isInstanceOf(NotFoundException.class);
      }
      elsewhere.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheClient_sendsWhatIsPending_thenRefusesChanges() throws Exception {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    SonoranCadClient client = api.client().clock(time).sleeper(time).build();
    StatusUpdates stream = client.emergency().units().statusUpdates();
    for (int identId = 1; identId <= 40; identId++) {
      futures.add(stream.submit(unit(identId, STATUSES.get(identId % STATUSES.size()))));
    }

    client.close();

    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    Map<Integer, Integer> received = new HashMap<>();
    for (JsonNode body : bodiesSent()) {
      for (JsonNode identId : body.get("identIds")) {
        received.put(identId.asInt(), body.get("status").asInt());
      }
    }
    assertThat(received).hasSize(40);
    assertThat(stream.submit(unit(1, UnitStatus.BUSY)).handle((ok, e) -> e).join())
        .isInstanceOf(IllegalStateException.class);
  }
}
