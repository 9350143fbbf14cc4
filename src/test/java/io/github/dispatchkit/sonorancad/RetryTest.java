package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.ServerErrorException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


class RetryTest {
  private static final String GATEWAY_429 =
      "{\"message\":\"API rate limit exceeded\",\"request_id\":\"9457fb389b3729164e453e4db4328909\"}";
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().identIds(List.of(42)).status(UnitStatus.BUSY).build();

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();

  private void tooManyThenOk(String retryAfter) {
    var limited = ClientTestServer.json(GATEWAY_429).withStatus(429);
    if (retryAfter != null) {
      limited.withHeader("Retry-After", retryAfter);
    }
    api.server.stubFor(patch(urlPathMatching(ClientTestServer.UNITS_PATH)).inScenario("429")
        .whenScenarioStateIs(STARTED).willReturn(limited).willSetStateTo("ok"));
    api.server.stubFor(patch(urlPathMatching(ClientTestServer.UNITS_PATH)).inScenario("429")
        .whenScenarioStateIs("ok").willReturn(ClientTestServer.json("{\"updated\":1,\"status\":\"BUSY\"}")));
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    tooManyThenOk("7");
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThat(client.emergency().units().setUnitStatus(STATUS).status().value()).isEqualTo("BUSY");
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(api.statuses()).containsExactly(429, 200);
  }

  @Test
  void retryAfterDateIsHonoured() {
    tooManyThenOk(DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(12).atOffset(ZoneOffset.UTC)));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      client.emergency().units().setUnitStatus(STATUS);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void withoutRetryAfterBacksOffWithJitter() {
    tooManyThenOk(null);
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      client.emergency().units().setUnitStatus(STATUS);
    }
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void a429AlsoPausesTheLimiterForThatKeyAndOperation() {
    tooManyThenOk("20");
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).maxRetries(0).build();
        SonoranCadClient other = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).isInstanceOf(RateLimitException.class);
      other.emergency().units().setUnitStatus(STATUS);
    }
    assertThat(time.sleeps()).as("the second client waits out the pause").containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void afterMaxRetriesTheTypedErrorCarriesTheGatewayFields() {
    api.answerUnits(ClientTestServer.json(GATEWAY_429).withStatus(429).withHeader("Retry-After", "1"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.requestId()).isEqualTo("9457fb389b3729164e453e4db4328909");
            assertThat(e.detail()).isEqualTo("API rate limit exceeded");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
          });
    }
    assertThat(api.requestCount()).as("1 + 2 retries, as Sonoran's SDKs").isEqualTo(3);
  }

  @Test
  void aWaitAboveTheCapThrowsInsteadOfBlocking() {
    api.answerUnits(ClientTestServer.json(GATEWAY_429).withStatus(429).withHeader("Retry-After", "3600"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).maxRetryWait(Duration.ofSeconds(30)).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOfSatisfying(RateLimitException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
    }
    assertThat(time.sleeps()).isEmpty();
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void setUnitStatusIsRetriedOn503ButNotOn500() {
    api.answerUnits(aResponse().withStatus(503));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).isInstanceOf(ServerErrorException.class);
      assertThat(api.requestCount()).isEqualTo(3);
      api.server.resetRequests();
      api.answerUnits(aResponse().withStatus(500));
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).isInstanceOf(ServerErrorException.class);
      assertThat(api.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void createIdentifierIsNeverResentOnceItMayHaveArrived() {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).readTimeout(Duration.ofMillis(200)).build()) {
      api.answerIdentifiers(ClientTestServer.json("{\"identId\":42}").withFixedDelay(1_000));
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOf(SonoranCadIoException.class);
      assertThat(api.requestCount()).isEqualTo(1);

      for (Fault fault : new Fault[] {Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE}) {
        api.server.resetRequests();
        api.answerIdentifiers(aResponse().withFault(fault));
        assertThatThrownBy(() -> client.emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
            .as(fault.name()).isInstanceOf(SonoranCadIoException.class);
        assertThat(api.requestCount()).as(fault.name()).isEqualTo(1);
      }
      for (int status : new int[] {500, 502, 503, 504}) {
        api.server.resetRequests();
        api.answerIdentifiers(aResponse().withStatus(status));
        assertThatThrownBy(() -> client.emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
            .isInstanceOf(ServerErrorException.class);
        assertThat(api.requestCount()).as("HTTP " + status).isEqualTo(1);
      }
    }
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aBrokenErrorBodyIsATransportFailure() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger served = new AtomicInteger();
      Thread server = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            connection.getInputStream().read(new byte[8192]);
            connection.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n"
                + "Content-Type: application/problem+json\r\n\r\n{\"title\":").getBytes(StandardCharsets.UTF_8));
            served.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      });
      server.setDaemon(true);
      server.start();
      String baseUrl = "http://127.0.0.1:" + socket.getLocalPort();
      try (SonoranCadClient client = api.client().baseUrl(baseUrl).clock(time).sleeper(time).build()) {
        assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).isInstanceOf(SonoranCadIoException.class);
        assertThat(served.get()).as("idempotent: 1 + 2 retries").isEqualTo(3);
        assertThatThrownBy(() -> client.emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
            .isInstanceOf(SonoranCadIoException.class);
        assertThat(served.get()).as("create: never resent").isEqualTo(4);
      }
    }
  }

  @Test
  void setUnitStatusIsRetriedAfterAReset() {
    api.answerUnits(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).isInstanceOf(SonoranCadIoException.class);
    }
    assertThat(api.requestCount()).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
  }
}
