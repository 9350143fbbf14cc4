package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertDocumentedRequest;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertServedBy;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.onlyExchange;
import static io.github.dispatchkit.sonorancad.contract.Stubs.EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatusName;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Set Unit Status, {@code PATCH /v2/emergency/servers/{serverId}/units/status}: every documented
 * request shape and the documented response, through the real client over HTTP.
 */
class SetUnitStatusContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private final FakeTime time = new FakeTime();
  private final String apiKey = Stubs.uniqueKey();

  private SonoranCadClient client() {
    return wm.client(apiKey, time).build();
  }

  @Test
  void documentedExample_sendsTheDocumentedRequest_andParsesTheDocumentedResponse() {
    SetUnitStatusResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().units().setUnitStatus(Stubs.EXAMPLE_SERVER_ID, Operation.documentedSetUnitStatus());
    }

    assertThat(response.updated()).isEqualTo(1);
    assertThat(response.status()).isEqualTo(UnitStatusName.ENROUTE);
    assertThat(UnitStatus.fromName(response.status().value())).contains(UnitStatus.ENROUTE);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "set-unit-status-community-user-ids");
    assertDocumentedRequest(exchange.getRequest(), "PATCH", "/v2/emergency/servers/1/units/status", apiKey,
        "{\"communityUserIds\":[\"player-1234\"],\"status\":3}");
  }

  @Test
  void documentedExample_async_sendsTheSameRequest() throws Exception {
    SetUnitStatusResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().units().setUnitStatusAsync(Operation.documentedSetUnitStatus())
          .get(10, TimeUnit.SECONDS);
    }

    assertThat(response.updated()).isEqualTo(1);
    assertThat(response.status()).isEqualTo(UnitStatusName.ENROUTE);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "set-unit-status-community-user-ids");
    assertDocumentedRequest(exchange.getRequest(), "PATCH", "/v2/emergency/servers/1/units/status", apiKey,
        Stubs.SET_UNIT_STATUS_EXAMPLE);
  }

  /** The default server of calls without a serverId is 1, the documented example's. */
  @Test
  void defaultServerId_isTheDocumentedExampleServer1() {
    try (SonoranCadClient client = client()) {
      client.emergency().units().setUnitStatus(Operation.documentedSetUnitStatus());
    }

    assertThat(onlyExchange(wm).getRequest().getUrl()).isEqualTo("/v2/emergency/servers/1/units/status");
  }

  /** serverId is an integer path parameter. */
  @Test
  void serverId_isAnIntegerPathSegment() {
    wm.server().stubFor(patch(urlEqualTo("/v2/emergency/servers/7/units/status")).atPriority(1)
        .willReturn(Stubs.json(200, Stubs.SET_UNIT_STATUS_RESPONSE)));
    try (SonoranCadClient client = client()) {
      client.emergency().units().setUnitStatus(7, Operation.documentedSetUnitStatus());
    }

    assertDocumentedRequest(onlyExchange(wm).getRequest(), "PATCH", "/v2/emergency/servers/7/units/status",
        apiKey, Stubs.SET_UNIT_STATUS_EXAMPLE);
  }

  static Stream<Arguments> targetKinds() {
    return Stream.of(
        Arguments.of("community-user-id", "{\"communityUserId\":\"player-1234\",\"status\":3}",
            SetUnitStatusRequest.builder().communityUserId("player-1234")),
        Arguments.of("community-user-ids", "{\"communityUserIds\":[\"player-1234\"],\"status\":3}",
            SetUnitStatusRequest.builder().communityUserIds(List.of("player-1234"))),
        Arguments.of("roblox", "{\"roblox\":123456789,\"status\":3}",
            SetUnitStatusRequest.builder().roblox(123456789L)),
        Arguments.of("discord", "{\"discord\":\"123456789012345678\",\"status\":3}",
            SetUnitStatusRequest.builder().discord("123456789012345678")),
        Arguments.of("account-uuid", "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\",\"status\":3}",
            SetUnitStatusRequest.builder().accountUuid(EXAMPLE_ACCOUNT)),
        Arguments.of("ident-ids", "{\"identIds\":[42],\"status\":3}",
            SetUnitStatusRequest.builder().identIds(List.of(42))));
  }

  /** Every target kind is sent under its documented name and JSON type, and nothing else. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("targetKinds")
  void everyTargetKind_isSentWithItsDocumentedNameAndType(
      String mappingSuffix, String expectedBody, SetUnitStatusRequest.Builder request) {
    SetUnitStatusResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().units().setUnitStatus(request.status(UnitStatus.ENROUTE).build());
    }

    assertThat(response.updated()).isEqualTo(1);
    assertThat(response.status()).isEqualTo(UnitStatusName.ENROUTE);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "set-unit-status-" + mappingSuffix);
    assertDocumentedRequest(exchange.getRequest(), "PATCH", "/v2/emergency/servers/1/units/status", apiKey,
        expectedBody);
  }

  /** UNIT_STATUS as documented: name and integer value, in documentation order. */
  static Stream<Arguments> unitStatuses() {
    return Stream.of(
        Arguments.of(UnitStatus.UNAVAILABLE, "UNAVAILABLE", 0),
        Arguments.of(UnitStatus.BUSY, "BUSY", 1),
        Arguments.of(UnitStatus.AVAILABLE, "AVAILABLE", 2),
        Arguments.of(UnitStatus.ENROUTE, "ENROUTE", 3),
        Arguments.of(UnitStatus.ON_SCENE, "ON_SCENE", 4),
        Arguments.of(UnitStatus.OFFLINE, "OFFLINE", 100));
  }

  /** Every UNIT_STATUS value goes out as its documented integer and comes back as its name. */
  @ParameterizedTest(name = "{1} = {2}")
  @MethodSource("unitStatuses")
  void everyUnitStatus_isSentAsItsDocumentedInteger_andItsNameIsReturned(
      UnitStatus status, String name, int value) {
    String body = "{\"communityUserIds\":[\"player-1234\"],\"status\":" + value + "}";
    wm.server().stubFor(Operation.SET_UNIT_STATUS.anyRequest()
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(body, false, false))
        .willReturn(Stubs.json(200, "{\"updated\":1,\"status\":\"" + name + "\"}")));
    SetUnitStatusResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().communityUserIds(List.of("player-1234")).status(status).build());
    }

    assertThat(status.value()).isEqualTo(value);
    assertThat(status.name()).contains(name);
    assertThat(response.status().value()).isEqualTo(name);
    assertThat(UnitStatus.fromName(response.status().value())).contains(status);
    assertDocumentedRequest(onlyExchange(wm).getRequest(), "PATCH", "/v2/emergency/servers/1/units/status",
        apiKey, body);
  }

  /** The client knows exactly the documented UNIT_STATUS values, no more, no fewer. */
  @Test
  void unitStatus_knownValues_areExactlyTheDocumentedOnes() {
    assertThat(UnitStatus.knownValues())
        .extracting(s -> s.name().orElseThrow() + "=" + s.value())
        .containsExactly("UNAVAILABLE=0", "BUSY=1", "AVAILABLE=2", "ENROUTE=3", "ON_SCENE=4", "OFFLINE=100");
  }

  /** The response's status is a name; a name this client does not know yet is still accepted. */
  @Test
  void responseStatus_unknownName_isAccepted() {
    wm.server().stubFor(Operation.SET_UNIT_STATUS.anyRequest()
        .willReturn(Stubs.json(200, "{\"updated\":0,\"status\":\"PANIC\"}")));
    SetUnitStatusResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().units().setUnitStatus(Operation.documentedSetUnitStatus());
    }

    assertThat(response.updated()).isZero();
    assertThat(response.status().value()).isEqualTo("PANIC");
    assertThat(UnitStatus.fromName(response.status().value())).isEmpty();
  }

  /** At least one target is required: refused before anything is sent. */
  @Test
  void noTarget_isRefusedBeforeSending() {
    try (SonoranCadClient client = client()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().status(UnitStatus.ENROUTE).build()))
          .isInstanceOf(RequestValidationException.class)
          .hasMessageContaining("one of communityUserId, communityUserIds, roblox, discord, accountUuid, identIds is required");
    }

    assertThat(wm.served()).isEmpty();
  }

  /** status is required: the model builds and lists it, and the call refuses it before anything is sent. */
  @Test
  void status_isRequired() {
    SetUnitStatusRequest request = SetUnitStatusRequest.builder().communityUserIds(List.of("player-1234")).build();
    assertThat(request.violations()).containsExactly("status is required");
    try (SonoranCadClient client = client()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(request))
          .isInstanceOfSatisfying(RequestValidationException.class,
              e -> assertThat(e.violations()).containsExactly("status is required"));
    }

    assertThat(wm.served()).isEmpty();
  }
}
