package io.github.dispatchkit.sonorancad.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.internal.Operation;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the README's quick start against the embedded sandbox, as CI does on every build. */
class QuickStartTest {

  @Test
  void runsAgainstTheSandboxWithTheDocumentedStatusesAndNo429() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    QuickStart.Result result = QuickStart.run(Map.of(), new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String transcript = buffer.toString(StandardCharsets.UTF_8);
    int setUnitStatusCalls = 5 + QuickStart.BURST_CALLS;
    assertThat(result.sandboxStatusCounts()).isEqualTo(Map.of(200, 2 + setUnitStatusCalls, 400, 1, 404, 1));
    assertThat(result.statusCounts()).isEqualTo(result.sandboxStatusCounts());
    assertThat(transcript)
        .contains("< 200 {\"identId\":1}", "< 200 {\"identId\":2}")
        .contains("> PATCH /v2/emergency/servers/1/units/status {\"identIds\":[1],\"status\":3}",
            "< 200 {\"updated\":1,\"status\":\"ENROUTE\"}")
        .contains("{\"communityUserId\":\"player-1234\",\"status\":4}", "< 200 {\"updated\":2,\"status\":\"ON_SCENE\"}")
        .contains("{\"discord\":\"123456789012345678\",\"status\":2}", "< 200 {\"updated\":2,\"status\":\"AVAILABLE\"}")
        .contains("{\"roblox\":123456789,\"status\":1}", "< 200 {\"updated\":2,\"status\":\"BUSY\"}")
        .contains("{\"accountUuid\":\"" + QuickStart.DEMO_ACCOUNT_UUID + "\",\"status\":0}",
            "< 200 {\"updated\":2,\"status\":\"UNAVAILABLE\"}")
        .contains("= io.github.dispatchkit.sonorancad.exception.RequestValidationException: setUnitStatus: one of communityUserId, communityUserIds, roblox, discord, accountUuid, identIds is required")
        .contains("< 400 {\"type\":\"https://httpstatuses.com/400\"", "= BadRequestException 400 Bad Request: ")
        .contains("< 404 {\"type\":\"https://httpstatuses.com/404\"",
            "= NotFoundException 404 Not Found: Server 99 is not configured for this community.")
        .contains("= " + QuickStart.BURST_CALLS + " calls in ")
        .contains("The sandbox answered 42 x 200, 1 x 400, 1 x 404, no 429.")
        .doesNotContain("< 429")
        .doesNotContain(SonoranCadSandbox.DEFAULT_API_KEY);
    // Spaced by the sandbox's 2-second window, not the documented minute.
    assertThat(result.burstElapsed()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theDemoUsesTheDocumentedLimit() throws Exception {
    Operation<?> operation = OperationIndex.spec("setUnitStatus");

    assertThat(QuickStart.SET_UNIT_STATUS_LIMIT).isEqualTo(operation.rateLimitRequests());
    assertThat(QuickStart.SET_UNIT_STATUS_PERIOD).isEqualTo(operation.rateLimitPeriod());
  }

  @Test
  void needsBothTheBaseUrlAndTheKeyOfAnotherServer() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> QuickStart.run(Map.of("SONORAN_BASE_URL", "http://127.0.0.1:9"), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SONORAN_API_KEY");
  }

  @Test
  void refusesPlainHttpToAnotherHostBeforeSendingAnything() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> QuickStart.run(
        Map.of("SONORAN_BASE_URL", "http://sonoran.invalid", "SONORAN_API_KEY", "secret-key-1"), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plain http");
    assertThat(buffer.toString(StandardCharsets.UTF_8)).doesNotContain("secret-key-1").doesNotContainPattern("> (POST|PATCH) ");
  }
}
