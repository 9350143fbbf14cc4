package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LifecycleTest {
  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  @Test
  void asyncCallsCompleteWithTypedResults() throws Exception {
    try (SonoranCadClient client = api.client().build()) {
      var status = client.emergency().units().setUnitStatusAsync(4,
          SetUnitStatusRequest.builder().identIds(List.of(42)).status(UnitStatus.ENROUTE).build());
      var created = client.emergency().identifiers().createIdentifierAsync(ClientTestServer.ACCOUNT,
          CreateIdentifierRequest.builder().build());
      assertThat(status.get(10, TimeUnit.SECONDS).status().value()).isEqualTo("ENROUTE");
      assertThat(created.get(10, TimeUnit.SECONDS).identId()).isEqualTo(42);
    }
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void closeLeavesACallerSuppliedOkHttpClientUsable() throws Exception {
    OkHttpClient mine = new OkHttpClient();
    try (SonoranCadClient client = api.client().okHttpClient(mine).build();
        SonoranCadClient derived = client.newBuilder().defaultServerId(2).build()) {
      derived.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.BUSY).build());
      assertThat(mine.interceptors()).as("never modified").isEmpty();
      assertThat(mine.networkInterceptors()).isEmpty();
    }
    try (var response = mine.newCall(new Request.Builder().url(api.server.baseUrl() + "/health").build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
    }
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    api.server.verify(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v2/emergency/servers/2/units/status")));
  }
}
