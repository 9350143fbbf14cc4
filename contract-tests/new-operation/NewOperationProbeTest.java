package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.ProbeWidget;
import io.github.dispatchkit.sonorancad.generated.model.ProbeWidgetList;
import io.github.dispatchkit.sonorancad.generated.service.ProbeWidgetsService.GetProbeWidgetsParams;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compiled only inside the copy of the project that NewOperationContractTest builds with
 * {@code operation.yaml} added to its spec: the operation getProbeWidgets, which no Java was written
 * for, used as a caller would use it.
 */
class NewOperationProbeTest {
  private static final String BODY = "{\"widgets\":[{\"id\":7,\"name\":\"Lightbar\"}],\"total\":1}";

  private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  private final FakeTime time = new FakeTime();

  @BeforeEach
  void start() {
    server.start();
    server.stubFor(get(urlPathMatching("/v2/probe/servers/[0-9]+/widgets"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(BODY)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private SonoranCadClient.Builder client() {
    return SonoranCadClient.builder().apiKey("probe-" + UUID.randomUUID()).baseUrl(server.baseUrl())
        .clock(time).sleeper(time);
  }

  @Test
  void isATypedMethodOfTheServiceTree_withItsDefaultServerOverloadAndAsyncTwin() throws Exception {
    try (SonoranCadClient client = client().defaultServerId(4).build()) {
      ProbeWidgetList list = client.probe().widgets()
          .getProbeWidgets(GetProbeWidgetsParams.builder().limit(3).build());
      assertThat(list.total()).isEqualTo(1);
      assertThat(list.widgets()).extracting(ProbeWidget::name).containsExactly("Lightbar");

      client.probe().widgets().getProbeWidgets(2, GetProbeWidgetsParams.builder().build());
      assertThat(client.probe().widgets().getProbeWidgetsAsync(GetProbeWidgetsParams.builder().build())
          .get(10, TimeUnit.SECONDS).widgets()).hasSize(1);
    }
    assertThat(server.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
        "/v2/probe/servers/4/widgets?limit=3", "/v2/probe/servers/2/widgets", "/v2/probe/servers/4/widgets");
  }

  @Test
  void isValidatedFromTheSpec_beforeAnyIo() {
    try (SonoranCadClient client = client().build()) {
      assertThatThrownBy(() -> client.probe().widgets()
          .getProbeWidgets(GetProbeWidgetsParams.builder().limit(11).build()))
          .isInstanceOf(RequestValidationException.class)
          .hasMessageStartingWith("getProbeWidgets: ").hasMessageContaining("limit");
      assertThatThrownBy(() -> client.probe().widgets().getProbeWidgets(0, GetProbeWidgetsParams.builder().build()))
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("serverId");
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void keepsItsDocumentedLimit_inFailFastMode() {
    try (SonoranCadClient client = client().rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      GetProbeWidgetsParams params = GetProbeWidgetsParams.builder().build();
      client.probe().widgets().getProbeWidgets(params);
      client.probe().widgets().getProbeWidgets(params);
      assertThatThrownBy(() -> client.probe().widgets().getProbeWidgets(params))
          .isInstanceOf(ClientRateLimitException.class).hasMessageContaining("getProbeWidgets");
      assertThat(server.getAllServeEvents()).hasSize(2);

      time.advance(Duration.ofMinutes(1));
      client.probe().widgets().getProbeWidgets(params);
      assertThat(server.getAllServeEvents()).hasSize(3);
    }
  }

  @Test
  void isASandboxRoute_answeringItsDocumentedExample() {
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start();
        SonoranCadClient client = SonoranCadClient.builder().apiKey(sandbox.apiKey())
            .baseUrl(sandbox.baseUrl()).build();
        SonoranCadClient stranger = SonoranCadClient.builder().apiKey("not-the-sandbox-key")
            .baseUrl(sandbox.baseUrl()).build()) {
      ProbeWidgetList list = client.probe().widgets().getProbeWidgets(GetProbeWidgetsParams.builder().build());
      assertThat(list.widgets()).extracting(ProbeWidget::id).containsExactly(7);
      assertThatThrownBy(() -> stranger.probe().widgets().getProbeWidgets(GetProbeWidgetsParams.builder().build()))
          .isInstanceOf(AuthenticationException.class);
    }
  }
}
