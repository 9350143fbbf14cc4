package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.Arrays;
import java.util.List;
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

  private void rejects(SetUnitStatusRequest request, String message) {
    assertThatThrownBy(() -> client.emergency().units().setStatus(request))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    assertThatThrownBy(() -> client.emergency().units().setStatusAsync(request))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void noTarget() {
    rejects(status().build(), "no target");
  }

  @Test
  void emptyOrNullContainingLists() {
    rejects(status().communityUserIds(List.of()).build(), "communityUserIds is empty");
    rejects(status().communityUserIds(Arrays.asList("a", null)).build(), "communityUserIds[1] is null");
    rejects(status().identIds(List.of()).build(), "identIds is empty");
    rejects(status().identIds(Arrays.asList(1, null)).build(), "identIds[1] is null");
  }

  @Test
  void blankStrings() {
    rejects(status().communityUserId(" ").build(), "communityUserId is blank");
    rejects(status().discord("").build(), "discord is blank");
    rejects(status().communityUserIds(List.of("ok", "\t")).build(), "communityUserIds[1] is blank");
  }

  @Test
  void serverIdBelowOne() {
    SetUnitStatusRequest request = status().identIds(List.of(1)).build();
    assertThatThrownBy(() -> client.emergency().units().setStatus(0, request))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverId < 1: 0");
    assertThatThrownBy(() -> SonoranCadClient.builder().defaultServerId(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingStatusOrArguments() {
    assertThatThrownBy(() -> SetUnitStatusRequest.builder().identIds(List.of(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("status is required");
    assertThatThrownBy(() -> client.emergency().units().setStatus(null))
        .isInstanceOf(NullPointerException.class).hasMessage("request == null");
    assertThatThrownBy(() -> client.emergency().identifiers().create(null, null))
        .isInstanceOf(NullPointerException.class).hasMessage("accountUuid == null");
  }
}
