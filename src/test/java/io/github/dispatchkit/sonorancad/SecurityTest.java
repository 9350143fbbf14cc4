package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.exception.UnexpectedStatusCodeException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecurityTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.ON_SCENE).build();

  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  @Test
  void sendsBearerAcceptAndUserAgent() {
    try (SonoranCadClient client = api.client().build()) {
      client.emergency().units().setUnitStatus(STATUS);
    }
    api.server.verify(anyRequestedFor(anyUrl())
        .withHeader("Authorization", equalTo("Bearer " + api.apiKey))
        .withHeader("Accept", equalTo("application/json, application/problem+json"))
        .withHeader("Content-Type", matching("application/json(; ?charset=UTF-8)?"))
        .withHeader("User-Agent", matching("sonoran-cad-client-java/\\d+\\.\\d+\\.\\d+.*")));
  }

  @Test
  void canaryKeyIsInNoLogLineExceptionOrToString() throws Exception {
    String canary = "CANARY" + api.apiKey.replace("-", "");
    List<String> output = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord record) {
        output.add(record.getMessage() + " " + record.getThrown());
      }
      @Override public void flush() { }
      @Override public void close() { }
    };
    Logger root = Logger.getLogger("");
    Level previous = root.getLevel();
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(canary).baseUrl(api.server.baseUrl())
        .maxRetries(0).build()) {
      output.add(client.toString());
      output.add(client.options().toString());
      // A misbehaving server echoes the Authorization header into error and success bodies.
      for (int status : new int[] {200, 400, 401, 404, 429, 500}) {
        api.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "text/html")
            .withBody("<html>bad key Bearer " + canary + " {\"updated\": \"" + canary + "\"}</html>")));
        Throwable thrown = catchThrown(() -> client.emergency().units().setUnitStatus(STATUS));
        output.add(stackTrace(thrown));
      }
      api.server.stubFor(any(anyUrl()).willReturn(ClientTestServer.json("{\"updated\":\"" + canary + "\",\"status\":\"X\"}")));
      // Tolerated: the call succeeds, and the drifted property's accessor throws, naming the raw value redacted.
      output.add(stackTrace(catchThrown(() -> client.emergency().units().setUnitStatus(STATUS).updated())));
      output.add(client.emergency().units().setUnitStatus(STATUS).violations().toString());
      output.add(stackTrace(catchThrown(() -> client.withOptions(options -> options.strictResponses(true))
          .emergency().units().setUnitStatus(STATUS))));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      root.removeHandler(capture);
      root.setLevel(previous);
    }
    output.add(printed.toString(StandardCharsets.UTF_8));
    assertThat(output).hasSizeGreaterThan(8).noneMatch(line -> line.contains(canary));
    assertThat(String.join("\n", output)).contains("Bearer ***");
    assertThatThrownBy(() -> SonoranCadClient.builder().apiKey(canary + " x"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(canary));
  }

  @Test
  void plainHttpIsRefusedForNonLoopbackHosts() {
    assertThatThrownBy(() -> SonoranCadClient.builder().apiKey("k").baseUrl("http://cad.example.com").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowInsecureHttp");
    SonoranCadClient.builder().apiKey("k").baseUrl("http://cad.example.com").allowInsecureHttp(true).build().close();
    SonoranCadClient.builder().apiKey("k").baseUrl("https://cad.example.com").build().close();
    SonoranCadClient.builder().apiKey("k").baseUrl("http://localhost:8080").build().close();
    SonoranCadClient.builder().apiKey("k").baseUrl("http://[::1]:8080").build().close();
    assertThatThrownBy(() -> SonoranCadClient.builder().apiKey("k").baseUrl("ftp://x").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SonoranCadClient.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("API key required");
  }

  @Test
  void aCrossHostRedirectIsAnErrorAndNothingGoesElsewhere() {
    WireMockServer elsewhere = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    elsewhere.start();
    try {
      elsewhere.stubFor(any(anyUrl()).willReturn(ClientTestServer.json("{\"updated\":1,\"status\":\"ON_SCENE\"}")));
      api.answerUnits(aResponse().withStatus(307)
          .withHeader("Location", elsewhere.baseUrl() + "/v2/emergency/servers/1/units/status"));
      try (SonoranCadClient client = api.client().build()) {
        assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
            .isInstanceOfSatisfying(UnexpectedStatusCodeException.class, e -> assertThat(e.statusCode()).isEqualTo(307));
      }
      api.server.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + api.apiKey)));
      assertThat(elsewhere.getAllServeEvents()).as("redirects are not followed").isEmpty();
    } finally {
      elsewhere.stop();
    }
  }

  @Test
  void fromEnvironmentReadsKeyBaseUrlAndServerId() {
    SonoranCadClient.Builder builder = SonoranCadClient.fromEnvironment(Map.of(
        "SONORAN_API_KEY", "env-key", "SONORAN_BASE_URL", api.server.baseUrl(), "SONORAN_SERVER_ID", "3"));
    try (SonoranCadClient client = builder.build()) {
      client.emergency().units().setUnitStatus(STATUS);
      assertThat(client.toString()).contains("defaultServerId=3").doesNotContain("env-key");
    }
    api.server.verify(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
        "/v2/emergency/servers/3/units/status")).withHeader("Authorization", equalTo("Bearer env-key")));
    assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SONORAN_API_KEY");
    assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(Map.of("SONORAN_API_KEY", "k", "SONORAN_SERVER_ID", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SONORAN_SERVER_ID");
  }

  private static Throwable catchThrown(Runnable call) {
    try {
      call.run();
    } catch (SonoranCadException e) {
      return e;
    }
    throw new AssertionError("expected a SonoranCadException");
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text + " " + thrown;
  }
}
