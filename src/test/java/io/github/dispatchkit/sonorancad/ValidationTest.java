package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input fails with a message naming the field, before any request is sent. */
class ValidationTest {
  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private SonoranCadClient client;

  @BeforeEach
  void build() {
    client = api.client().build();
  }

  @AfterEach
  void nothingWasSent() {
    client.close();
    assertThat(api.requestCount()).isZero();
  }

  private static SetUnitStatusRequest.Builder status() {
    return SetUnitStatusRequest.builder().status(UnitStatus.AVAILABLE);
  }

  /** The blocking call throws, and the async twin's future fails the same way, both before any I/O. */
  private void rejects(SetUnitStatusRequest request, String message) {
    assertThatThrownBy(() -> client.emergency().units().setUnitStatus(request))
        .isInstanceOf(RequestValidationException.class).hasMessageStartingWith("setUnitStatus: ")
        .hasMessageContaining(message);
    assertThat(client.emergency().units().setUnitStatusAsync(request)).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RequestValidationException.class).withMessageContaining(message);
  }

  @Test
  void noTarget() {
    rejects(status().build(),
        "one of communityUserId, communityUserIds, roblox, discord, accountUuid, identIds is required");
  }

  @Test
  void emptyOrNullContainingLists() {
    rejects(status().communityUserIds(List.of()).build(), "communityUserIds must not be empty");
    rejects(status().communityUserIds(Arrays.asList("a", null)).build(), "communityUserIds[1] is null");
    rejects(status().identIds(List.of()).build(), "identIds must not be empty");
    rejects(status().identIds(Arrays.asList(1, null)).build(), "identIds[1] is null");
  }

  @Test
  void blankStrings() {
    rejects(status().communityUserId(" ").build(), "communityUserId must match \\S");
    rejects(status().discord("").build(), "discord must not be empty");
    rejects(status().communityUserIds(List.of("ok", "\t")).build(), "communityUserIds[1] must match \\S");
    rejects(status().identIds(List.of(0)).build(), "identIds[0] must be >= 1 but was 0");
    rejects(status().roblox(0L).build(), "roblox must be >= 1 but was 0");
  }

  /** A dot segment as a path value would move the call, key and all, to another route: refused before I/O. */
  @Test
  void dotSegmentsAsPathValues() {
    for (String dots : new String[] {".", ".."}) {
      assertThatThrownBy(() -> client.general().accounts().checkApiId(dots))
          .isInstanceOf(RequestValidationException.class)
          .hasMessageContaining("apiId must not be \"" + dots + "\"");
    }
  }

  @Test
  void serverIdBelowOne() {
    SetUnitStatusRequest request = status().identIds(List.of(1)).build();
    assertThatThrownBy(() -> client.emergency().units().setUnitStatus(0, request))
        .isInstanceOf(RequestValidationException.class).hasMessage("setUnitStatus: serverId must be >= 1 but was 0");
    assertThatThrownBy(() -> SonoranCadClient.builder().defaultServerId(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingStatusOrArguments() {
    assertThatThrownBy(() -> client.emergency().units().setUnitStatus(null))
        .isInstanceOf(RequestValidationException.class).hasMessage("setUnitStatus: request body is required");
    assertThatThrownBy(() -> client.emergency().identifiers().createIdentifier(null, null))
        .isInstanceOf(RequestValidationException.class)
        .hasMessage("createIdentifier: accountUuid is required; request body is required");
  }

  /** Building never throws for a constraint; the model lists every violation and the call reports them all at once. */
  @Test
  void everyViolationAtOnce_requiredIncluded() {
    SetUnitStatusRequest request = SetUnitStatusRequest.builder().identIds(List.of(0)).discord("").build();
    List<String> expected = List.of("status is required", "discord must not be empty", "discord must match \\S",
        "identIds[0] must be >= 1 but was 0");
    assertThat(request.violations()).containsExactlyInAnyOrderElementsOf(expected);
    RequestValidationException thrown = (RequestValidationException) catchThrowable(
        () -> client.emergency().units().setUnitStatus(request));
    assertThat(thrown.violations()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(thrown.operationId()).isEqualTo("setUnitStatus");
    assertThat(thrown).isInstanceOf(SonoranCadException.class);
    assertThat(client.emergency().units().setUnitStatusAsync(request)).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(RequestValidationException.class,
            e -> assertThat(e.violations()).isEqualTo(thrown.violations()));
  }

  /** Missing arguments too: thrown by the blocking call, through the future by the async twin, never both. */
  @Test
  void asyncReportsMissingArgumentsThroughTheFuture() {
    var future = client.emergency().identifiers().createIdentifierAsync(null, null);
    assertThat(future).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RequestValidationException.class)
        .withMessage("createIdentifier: accountUuid is required; request body is required");
    assertThat(api.requestCount()).isZero();
  }

  @Test
  void closedClientRefusesCallsBeforeAnyIo() {
    client.close();
    SetUnitStatusRequest request = status().identIds(List.of(1)).build();
    assertThatThrownBy(() -> client.emergency().units().setUnitStatus(request))
        .isInstanceOf(IllegalStateException.class).hasMessage("SonoranCadClient is closed");
    assertThat(client.emergency().units().setUnitStatusAsync(request)).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(IllegalStateException.class).withMessage("SonoranCadClient is closed");
  }
}
