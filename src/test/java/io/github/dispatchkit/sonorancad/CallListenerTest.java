package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.metrics.MicrometerCallListener;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The call listener sees a run's permit waits, attempts, 429s and retries in order, with the
 * operation ID and never the key; the Micrometer listener turns them into meters. Real loopback
 * WireMock, FakeTime for every wait.
 */
class CallListenerTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.ENROUTE).build();

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();
  private final Recorder events = new Recorder();

  /** 429 with Retry-After, then 503, then 200: every step, in order, with the waits. */
  @Test
  void seesA429AndA503RetriedInOrder() {
    answerInTurn(
        aResponse().withStatus(429).withHeader("Retry-After", "2")
            .withBody("{\"message\":\"API rate limit exceeded\",\"request_id\":\"r-1\"}"),
        aResponse().withStatus(503),
        ClientTestServer.json("{\"updated\":1,\"status\":\"ENROUTE\"}"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).listener(events).build()) {
      client.emergency().units().setUnitStatus(STATUS);
    }
    List<String> seen = events.withoutTimes();
    assertThat(seen).containsExactly(
        "callStart setUnitStatus",
        "requestStart setUnitStatus 1 PATCH /v2/emergency/servers/1/units/status",
        "responseReceived setUnitStatus 1 429",
        "rateLimited setUnitStatus 1 Optional[PT2S]",
        "retry setUnitStatus 2 RATE_LIMITED PT2S",
        "requestStart setUnitStatus 2 PATCH /v2/emergency/servers/1/units/status",
        "responseReceived setUnitStatus 2 503",
        "retry setUnitStatus 3 SERVER_UNAVAILABLE",
        "requestStart setUnitStatus 3 PATCH /v2/emergency/servers/1/units/status",
        "responseReceived setUnitStatus 3 200",
        "callEnd setUnitStatus");
    Duration backoff = time.sleeps().get(1);
    assertThat(backoff).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(events.all()).contains("callEnd setUnitStatus " + Duration.ofSeconds(2).plus(backoff));
    assertThat(api.requestCount()).isEqualTo(3);
  }

  /** A used-up limit: the wait is reported at its start (expected) and end (measured). */
  @Test
  void seesAPermitWaitStartAndEnd() {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).listener(events).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      time.advance(Duration.ofSeconds(20));
      events.clear();
      client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
    }
    assertThat(events.all()).startsWith(
        "callStart createIdentifier",
        "permitWaitStart createIdentifier PT40S",
        "permitWaitEnd createIdentifier PT40S true");
    assertThat(events.all()).endsWith("callEnd createIdentifier PT40S");
  }

  /** A permit further away than the maximum wait: no wait, no request, the call fails with the client's limit. */
  @Test
  void aRefusedPermitEndsTheCallBeforeAnyRequest() {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).listener(events)
        .maxRateLimitWait(Duration.ofSeconds(1)).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      events.clear();
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOf(ClientRateLimitException.class);
    }
    assertThat(events.withoutTimes()).containsExactly(
        "callStart createIdentifier", "callFailed createIdentifier ClientRateLimitException");
    assertThat(api.requestCount()).isEqualTo(10);
  }

  /** Transport failures: each attempt's failure, then the retry, then the call's failure. */
  @Test
  void seesTransportFailuresAndTheirRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(api.apiKey)
        .baseUrl("http://127.0.0.1:" + closedPort).clock(time).sleeper(time).listener(events).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOf(SonoranCadIoException.class);
    }
    assertThat(events.withoutTimes()).containsExactly(
        "callStart setUnitStatus",
        "requestStart setUnitStatus 1 PATCH /v2/emergency/servers/1/units/status",
        "requestFailed setUnitStatus 1 ConnectException",
        "retry setUnitStatus 2 TRANSPORT_FAILURE",
        "requestStart setUnitStatus 2 PATCH /v2/emergency/servers/1/units/status",
        "requestFailed setUnitStatus 2 ConnectException",
        "retry setUnitStatus 3 TRANSPORT_FAILURE",
        "requestStart setUnitStatus 3 PATCH /v2/emergency/servers/1/units/status",
        "requestFailed setUnitStatus 3 ConnectException",
        "callFailed setUnitStatus SonoranCadIoException");
  }

  /**
   * A server echoing the key into its error body and headers: no event argument, and no line of the
   * HTTP log, holds it; the log shows the Authorization header redacted.
   */
  @Test
  void neverSeesTheKey() {
    String canary = "CANARY-" + UUID.randomUUID();
    api.answerUnits(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
        .withHeader("X-Echo", "Bearer " + canary)
        .withBody("{\"title\":\"Unauthorized " + canary + "\",\"detail\":\"Bearer " + canary + "\",\"traceId\":\""
            + canary + "\"}"));
    List<String> httpLog = new CopyOnWriteArrayList<>();
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(canary).baseUrl(api.server.baseUrl())
        .clock(time).sleeper(time).listener(events).httpLogger(httpLog::add).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOf(AuthenticationException.class);
      assertThatThrownBy(() -> client.emergency().units().setUnitStatusAsync(STATUS).join())
          .isInstanceOf(CompletionException.class);
    }
    assertThat(events.all()).hasSize(8).allSatisfy(event -> assertThat(event).doesNotContain(canary));
    assertThat(events.withoutTimes()).contains("callFailed setUnitStatus AuthenticationException");
    assertThat(httpLog).contains("Authorization: Bearer ***", "X-Echo: Bearer ***")
        .anySatisfy(line -> assertThat(line).startsWith("--> PATCH " + api.server.baseUrl() + "/v2/"))
        .anySatisfy(line -> assertThat(line).startsWith("<-- 401 PATCH " + api.server.baseUrl() + "/v2/"))
        .allSatisfy(line -> assertThat(line).doesNotContain(canary));
  }

  /** A listener that throws ends the call with its exception, and the permit it held is still released. */
  @Test
  void aThrowingListenerLeaksNoPermit() {
    CallListener throwing = new CallListener() {
      @Override
      public void requestStart(String operationId, int attempt, String method, HttpUrl url) {
        throw new IllegalStateException("listener bug");
      }
    };
    CreateIdentifierRequest empty = CreateIdentifierRequest.builder().build();
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).rateLimitMode(RateLimitMode.FAIL_FAST)
        .listener(throwing).build()) {
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, empty))
            .hasMessage("listener bug");
      }
    }
    time.advance(Duration.ofMinutes(1));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, empty);
      }
    }
    assertThat(api.requestCount()).isEqualTo(10);
  }

  /** The Micrometer listener's meters after a run with a 429, a 503 and a permit wait. */
  @Test
  void micrometerMetersCountTheRun() {
    answerInTurn(
        aResponse().withStatus(429).withHeader("Retry-After", "2"),
        aResponse().withStatus(503),
        ClientTestServer.json("{\"updated\":1,\"status\":\"ENROUTE\"}"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (SonoranCadClient client = api.client().clock(time).sleeper(time)
        .listener(CallListener.all(events, new MicrometerCallListener(registry))).build()) {
      client.emergency().units().setUnitStatus(STATUS);
      for (int i = 0; i < 10; i++) {
        client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
      }
      client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
    }
    assertThat(registry.get(MicrometerCallListener.RATE_LIMITED).tag("operation", "setUnitStatus").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerCallListener.RETRIES).tags("operation", "setUnitStatus", "reason", "RATE_LIMITED")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerCallListener.RETRIES).tags("operation", "setUnitStatus", "reason", "SERVER_UNAVAILABLE")
        .counter().count()).isEqualTo(1);
    for (String status : new String[] {"429", "503", "200"}) {
      assertThat(registry.get(MicrometerCallListener.REQUESTS).tags("operation", "setUnitStatus", "status", status)
          .timer().count()).isEqualTo(1);
    }
    assertThat(registry.get(MicrometerCallListener.CALLS).tags("operation", "createIdentifier", "outcome", "success")
        .timer().count()).isEqualTo(11);
    var setStatusCalls = registry.get(MicrometerCallListener.CALLS).tags("operation", "setUnitStatus", "outcome", "success").timer();
    assertThat(setStatusCalls.count()).isEqualTo(1);
    assertThat(setStatusCalls.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(2_500);
    var waits = registry.get(MicrometerCallListener.PERMIT_WAITS).tags("operation", "createIdentifier", "acquired", "true").timer();
    assertThat(waits.count()).isEqualTo(1);
    assertThat(waits.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(registry.find(MicrometerCallListener.PERMIT_WAITS).tag("operation", "setUnitStatus").timer()).isNull();
  }

  private void answerInTurn(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      api.server.stubFor(patch(urlPathMatching(ClientTestServer.UNITS_PATH)).inScenario("turns")
          .whenScenarioStateIs(i == 0 ? STARTED : "turn " + i)
          .willReturn(responses[i])
          .willSetStateTo("turn " + (i + 1)));
    }
  }

  /** Records each event as one line: the method name and its arguments. */
  private static final class Recorder implements CallListener {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> timeless = new CopyOnWriteArrayList<>();

    List<String> all() {
      return List.copyOf(lines);
    }

    /** The lines without the durations that depend on jitter, and failures by type. */
    List<String> withoutTimes() {
      return List.copyOf(timeless);
    }

    void clear() {
      lines.clear();
      timeless.clear();
    }

    private void add(String line, String withoutTimes) {
      lines.add(line);
      timeless.add(withoutTimes);
    }

    @Override
    public void callStart(String operationId) {
      add("callStart " + operationId, "callStart " + operationId);
    }

    @Override
    public void permitWaitStart(String operationId, Duration expected) {
      add("permitWaitStart " + operationId + " " + expected, "permitWaitStart " + operationId);
    }

    @Override
    public void permitWaitEnd(String operationId, Duration waited, boolean acquired) {
      add("permitWaitEnd " + operationId + " " + waited + " " + acquired, "permitWaitEnd " + operationId + " " + acquired);
    }

    @Override
    public void requestStart(String operationId, int attempt, String method, HttpUrl url) {
      add("requestStart " + operationId + " " + attempt + " " + method + " " + url,
          "requestStart " + operationId + " " + attempt + " " + method + " " + url.encodedPath());
    }

    @Override
    public void responseReceived(String operationId, int attempt, int statusCode, Duration elapsed) {
      add("responseReceived " + operationId + " " + attempt + " " + statusCode + " " + elapsed,
          "responseReceived " + operationId + " " + attempt + " " + statusCode);
    }

    @Override
    public void requestFailed(String operationId, int attempt, IOException failure, Duration elapsed) {
      add("requestFailed " + operationId + " " + attempt + " " + failure + " " + elapsed,
          "requestFailed " + operationId + " " + attempt + " " + failure.getClass().getSimpleName());
    }

    @Override
    public void rateLimited(String operationId, int attempt, Optional<Duration> retryAfter) {
      String line = "rateLimited " + operationId + " " + attempt + " " + retryAfter;
      add(line, line);
    }

    @Override
    public void retry(String operationId, int nextAttempt, RetryReason reason, Duration wait) {
      String line = "retry " + operationId + " " + nextAttempt + " " + reason;
      add(line + " " + wait, reason == RetryReason.RATE_LIMITED ? line + " " + wait : line);
    }

    @Override
    public void callEnd(String operationId, Duration elapsed) {
      add("callEnd " + operationId + " " + elapsed, "callEnd " + operationId);
    }

    @Override
    public void callFailed(String operationId, RuntimeException failure, Duration elapsed) {
      add("callFailed " + operationId + " " + failure + " " + elapsed,
          "callFailed " + operationId + " " + failure.getClass().getSimpleName());
    }
  }
}
