package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every request that reaches the wire takes its own rate-limit permit: after a reset on a pooled
 * connection OkHttp itself would resend the request under the first attempt's permit; the client
 * turns that off and lets its own retry policy (a new permit each time) decide. Arrivals are counted
 * at a raw loopback server that serves each connection's first request and resets it on the next.
 */
class ConnectionResetTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.AVAILABLE).build();
  private static final String OK = "{\"updated\":1,\"status\":\"AVAILABLE\"}";

  private final FakeTime time = new FakeTime();

  private static RawLoopbackServer resettingPooledConnections() throws Exception {
    return new RawLoopbackServer((request, index) -> index == 0
        ? RawLoopbackServer.json(200, request.startsWith("POST") ? "{\"identId\":42}" : OK)
        : null);
  }

  @Test
  void aResetOnAPooledConnectionIsNotSilentlyResent() throws Exception {
    try (RawLoopbackServer server = resettingPooledConnections();
        SonoranCadClient client = SonoranCadClient.builder().apiKey("reset-" + UUID.randomUUID())
            .baseUrl(server.baseUrl()).clock(time).sleeper(time).maxRetries(0).build()) {
      client.emergency().units().setUnitStatus(STATUS);
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOf(SonoranCadIoException.class);
      assertThat(server.arrivals()).as("one arrival per call: no resend by OkHttp").isEqualTo(2);

      client.emergency().identifiers().createIdentifier(UUID.randomUUID(), CreateIdentifierRequest.builder().build());
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(UUID.randomUUID(), CreateIdentifierRequest.builder().build()))
          .isInstanceOf(SonoranCadIoException.class);
      assertThat(server.arrivals()).isEqualTo(4);
    }
  }

  /** The client's own retries after resets: never more arrivals than permits (30 per window). */
  @Test
  void arrivalsNeverExceedPermitsWhenPooledConnectionsReset() throws Exception {
    int calls = 0;
    try (RawLoopbackServer server = resettingPooledConnections();
        SonoranCadClient client = SonoranCadClient.builder().apiKey("reset-" + UUID.randomUUID())
            .baseUrl(server.baseUrl()).clock(time).sleeper(time)
            .rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      while (true) {
        try {
          client.emergency().units().setUnitStatus(STATUS);
          calls++;
        } catch (ClientRateLimitException limitReached) {
          break;
        }
      }
      assertThat(server.arrivals()).as("arrivals = permits of the documented 30 per minute").isEqualTo(30);
      assertThat(time.sleeps()).as("each reset was retried by the client's policy, after a backoff")
          .hasSize(15);
      assertThat(calls).as("each call but the first used a retry after a reset").isEqualTo(15);
      assertThat(server.connections()).isEqualTo(15);
    }
  }
}
