package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback WireMock answering both operations, and a fresh API key per test (limits are per key).
 * Public for the tests of {@code ratelimit}.
 */
public final class ClientTestServer implements BeforeEachCallback, AfterEachCallback {
  static final String UNITS_PATH = "/v2/emergency/servers/[0-9]+/units/status";
  static final String IDENTIFIERS_PATH = "/v2/emergency/accounts/[^/]+/identifiers";
  public static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-000000000000");

  final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  public String apiKey;

  @Override
  public void beforeEach(ExtensionContext context) {
    server.start();
    apiKey = "test-key-" + UUID.randomUUID();
    answerUnits(json("{\"updated\":1,\"status\":\"ENROUTE\"}"));
    answerIdentifiers(json("{\"identId\":42}"));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.stop();
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  void answerUnits(ResponseDefinitionBuilder response) {
    server.stubFor(patch(urlPathMatching(UNITS_PATH)).willReturn(response));
  }

  void answerIdentifiers(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlPathMatching(IDENTIFIERS_PATH)).willReturn(response));
  }

  public SonoranCadClient.Builder client() {
    return SonoranCadClient.builder().apiKey(apiKey).baseUrl(server.baseUrl());
  }

  public int requestCount() {
    return server.getAllServeEvents().size();
  }

  /** Statuses the server answered, oldest first. */
  List<Integer> statuses() {
    List<LoggedResponse> responses = server.getAllServeEvents().stream()
        .map(e -> e.getResponse()).collect(Collectors.toList());
    java.util.Collections.reverse(responses);
    return responses.stream().map(LoggedResponse::getStatus).collect(Collectors.toList());
  }
}
