package io.github.dispatchkit.sonorancad.logging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/**
 * The SLF4J listener and HTTP logger, recording into SLF4J's own {@link EventRecordingLogger}: the
 * levels and lines of a run with a 429 retried, and no trace of the key.
 */
class Slf4jCallListenerTest {
  private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  private final String key = "CANARY-" + UUID.randomUUID();

  @BeforeEach
  void start() {
    server.start();
    server.stubFor(patch(urlPathMatching("/v2/emergency/servers/1/units/status")).inScenario("429")
        .whenScenarioStateIs(STARTED).willSetStateTo("ok")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3").withHeader("X-Echo", key)));
    server.stubFor(patch(urlPathMatching("/v2/emergency/servers/1/units/status")).inScenario("429")
        .whenScenarioStateIs("ok")
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"updated\":1,\"status\":\"BUSY\"}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void logsTheRunAtItsLevelsWithoutTheKey() {
    Queue<SubstituteLoggingEvent> calls = new ConcurrentLinkedQueue<>();
    Queue<SubstituteLoggingEvent> http = new ConcurrentLinkedQueue<>();
    FakeTime time = new FakeTime();
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(key).baseUrl(server.baseUrl())
        .clock(time).sleeper(time)
        .listener(new Slf4jCallListener(recording("calls", calls)))
        .httpLogger(Slf4jCallListener.httpLogger(recording("http", http)))
        .build()) {
      client.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.BUSY).build());
    }
    assertThat(lines(calls)).containsExactly(
        "DEBUG setUnitStatus: call started",
        "DEBUG setUnitStatus: attempt 1 PATCH " + server.baseUrl() + "/v2/emergency/servers/1/units/status",
        "DEBUG setUnitStatus: attempt 1 answered 429 in 0 ms",
        "WARN setUnitStatus: attempt 1 rate limited by the server (429), Retry-After 3000 ms",
        "INFO setUnitStatus: attempt 2 in 3000 ms after RATE_LIMITED",
        "DEBUG setUnitStatus: attempt 2 PATCH " + server.baseUrl() + "/v2/emergency/servers/1/units/status",
        "DEBUG setUnitStatus: attempt 2 answered 200 in 0 ms",
        "DEBUG setUnitStatus: call succeeded in 3000 ms");
    List<String> httpLines = lines(http);
    assertThat(httpLines).allSatisfy(line -> assertThat(line).startsWith("DEBUG ").doesNotContain(key))
        .contains("DEBUG Authorization: Bearer ***", "DEBUG X-Echo: ***")
        .filteredOn(line -> line.startsWith("DEBUG <-- ")).hasSize(2);
  }

  private static EventRecordingLogger recording(String name, Queue<SubstituteLoggingEvent> events) {
    return new EventRecordingLogger(new SubstituteLogger(name, events, true), events);
  }

  private static List<String> lines(Queue<SubstituteLoggingEvent> events) {
    return events.stream()
        .map(e -> e.getLevel() + " " + MessageFormatter.arrayFormat(e.getMessage(), e.getArgumentArray()).getMessage())
        .toList();
  }
}
