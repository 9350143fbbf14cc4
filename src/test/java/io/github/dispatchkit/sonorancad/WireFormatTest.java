package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitPage;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatusName;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact JSON the generated layer puts on the wire, and what it reads back, over real HTTP. */
class WireFormatTest {
  private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-000000000000");

  private final WireMockServer server =
      new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  private SonoranCadClient client;

  @BeforeEach
  void start() {
    server.start();
    client = SonoranCadClient.builder()
        .apiKey("wire-format-" + UUID.randomUUID())
        .baseUrl(server.baseUrl())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  private void answer(String json) {
    server.stubFor(any(anyUrl()).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(json)));
  }

  @Test
  void setUnitStatusDocumentedExample() {
    answer("{\"updated\": 1, \"status\": \"ENROUTE\"}");

    SetUnitStatusResponse response = client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .communityUserIds(List.of("player-1234"))
        .status(UnitStatus.ENROUTE)
        .build());

    server.verify(patchRequestedFor(urlEqualTo("/v2/emergency/servers/1/units/status"))
        .withRequestBody(equalToJson("{\"communityUserIds\":[\"player-1234\"],\"status\":3}", false, false)));
    assertThat(response.updated()).isEqualTo(1);
    assertThat(response.status()).isEqualTo(UnitStatusName.ENROUTE);
    assertThat(UnitStatus.fromName(response.status().value())).contains(UnitStatus.ENROUTE);
  }

  @Test
  void everyUnitStatusTravelsAsItsInteger() {
    answer("{\"updated\": 0, \"status\": \"AVAILABLE\"}");
    int[] documented = {0, 1, 2, 3, 4, 100};
    assertThat(UnitStatus.knownValues()).extracting(UnitStatus::value).containsExactly(0, 1, 2, 3, 4, 100);

    for (int value : documented) {
      client.emergency().units().setUnitStatus(2, SetUnitStatusRequest.builder()
          .communityUserId("player-1234").status(UnitStatus.of(value)).build());
      server.verify(patchRequestedFor(urlEqualTo("/v2/emergency/servers/2/units/status"))
          .withRequestBody(equalToJson("{\"communityUserId\":\"player-1234\",\"status\":" + value + "}", false, false)));
    }
  }

  @Test
  void everyTargetKindHasItsDocumentedJson() {
    answer("{\"updated\": 2, \"status\": \"BUSY\"}");
    UUID account = UUID.fromString("3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21");

    client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .roblox(123456789L).discord("123456789012345678").accountUuid(account)
        .identIds(List.of(42, 43)).status(UnitStatus.BUSY).build());

    server.verify(patchRequestedFor(urlEqualTo("/v2/emergency/servers/1/units/status"))
        .withRequestBody(equalToJson("{\"roblox\":123456789,\"discord\":\"123456789012345678\","
            + "\"accountUuid\":\"3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21\",\"identIds\":[42,43],\"status\":1}", false, false)));
  }

  @Test
  void createIdentifierDocumentedExample() {
    answer("{\"identId\": 42}");

    CreateIdentifierResponse response = client.emergency().identifiers().createIdentifier(ACCOUNT,
        CreateIdentifierRequest.builder()
            .status(UnitStatus.UNAVAILABLE).aop("Los Santos").unitNum("A-10").name("John Doe")
            .district("Los Santos").department("LSPD").subdivision("Patrol").rank("Officer")
            .group("CAR-51").page(UnitPage.POLICE).isDispatch(false)
            .build());

    server.verify(postRequestedFor(urlEqualTo("/v2/emergency/accounts/00000000-0000-0000-0000-000000000000/identifiers"))
        .withRequestBody(equalToJson("{\"status\":0,\"aop\":\"Los Santos\",\"unitNum\":\"A-10\",\"name\":\"John Doe\","
            + "\"district\":\"Los Santos\",\"department\":\"LSPD\",\"subdivision\":\"Patrol\",\"rank\":\"Officer\","
            + "\"group\":\"CAR-51\",\"page\":0,\"isDispatch\":false}", false, false)));
    assertThat(response.identId()).isEqualTo(42);
  }

  @Test
  void everyUnitPageTravelsAsItsInteger() {
    answer("{\"identId\": 7}");
    assertThat(UnitPage.knownValues()).extracting(UnitPage::value).containsExactly(0, 1, 2, 3, -1);

    for (UnitPage page : UnitPage.knownValues()) {
      client.emergency().identifiers().createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().page(page).build());
      server.verify(postRequestedFor(urlEqualTo("/v2/emergency/accounts/00000000-0000-0000-0000-000000000000/identifiers"))
          .withRequestBody(equalToJson("{\"page\":" + page.value() + "}", false, false)));
    }
  }

  @Test
  void emptyIdentifierSendsEmptyObjectAndKeepsDefaultsLocal() {
    answer("{\"identId\": 43}");

    client.emergency().identifiers().createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().build());

    server.verify(postRequestedFor(urlEqualTo("/v2/emergency/accounts/00000000-0000-0000-0000-000000000000/identifiers"))
        .withRequestBody(equalToJson("{}", false, false)));
    assertThat(CreateIdentifierRequest.DEFAULT_STATUS).isEqualTo(UnitStatus.UNAVAILABLE);
    assertThat(CreateIdentifierRequest.DEFAULT_AOP).isEmpty();
    assertThat(CreateIdentifierRequest.DEFAULT_UNIT_NUM).isEqualTo("NEW UNIT");
    assertThat(CreateIdentifierRequest.DEFAULT_NAME).isEqualTo("NO NAME");
    assertThat(CreateIdentifierRequest.DEFAULT_DISTRICT).isEqualTo("NOT SET");
    assertThat(CreateIdentifierRequest.DEFAULT_DEPARTMENT).isEqualTo("NOT SET");
    assertThat(CreateIdentifierRequest.DEFAULT_SUBDIVISION).isEqualTo("NOT SET");
    assertThat(CreateIdentifierRequest.DEFAULT_RANK).isEqualTo("NOT SET");
    assertThat(CreateIdentifierRequest.DEFAULT_GROUP).isEmpty();
    assertThat(CreateIdentifierRequest.DEFAULT_PAGE).isEqualTo(UnitPage.UNKNOWN);
    assertThat(CreateIdentifierRequest.DEFAULT_IS_DISPATCH).isFalse();
  }

  @Test
  void unknownStatusNameInResponseIsKeptRaw() {
    answer("{\"updated\": 3, \"status\": \"ON_BREAK\", \"extra\": {\"ignored\": true}}");

    SetUnitStatusResponse response = client.emergency().units().setUnitStatus(
        SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.of(7)).build());

    server.verify(patchRequestedFor(urlEqualTo("/v2/emergency/servers/1/units/status"))
        .withRequestBody(equalToJson("{\"identIds\":[1],\"status\":7}", false, false)));
    assertThat(response.status().value()).isEqualTo("ON_BREAK");
    assertThat(response.status().isKnown()).isFalse();
  }

  @Test
  void numbersSentAsStringsAreCoercedOrFailStrictly() throws Exception {
    answer("{\"updated\": \"1\", \"status\": \"ENROUTE\"}");
    SetUnitStatusRequest request = SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.BUSY).build();

    SetUnitStatusResponse response = client.emergency().units().setUnitStatus(request);
    assertThat(response.updated()).isEqualTo(1);
    assertThat(response._updated().asString()).contains("1");
    assertThat(Json.MOSHI.adapter(UnitStatus.class).fromJson("\"3\"")).isEqualTo(UnitStatus.of(3));
    try (SonoranCadClient strict = client.withOptions(options -> options.strictResponses(true))) {
      assertThatThrownBy(() -> strict.emergency().units().setUnitStatus(request))
          .isInstanceOf(InvalidResponseException.class)
          .hasMessageContaining("$.updated: COERCED, expected integer, received \"1\"");
    }
  }

  @Test
  void unknownIntegersDecodeToUnknownValuesThatKeepThem() throws Exception {
    JsonAdapter<UnitStatus> status = Json.MOSHI.adapter(UnitStatus.class);
    JsonAdapter<UnitPage> page = Json.MOSHI.adapter(UnitPage.class);

    UnitStatus seven = status.fromJson("7");
    UnitPage nine = page.fromJson("9");

    assertThat(seven.isKnown()).isFalse();
    assertThat(seven.value()).isEqualTo(7);
    assertThat(seven.name()).isEmpty();
    assertThat(seven).hasToString("unknown(7)");
    assertThat(status.toJson(seven)).isEqualTo("7");
    assertThat(nine.isKnown()).isFalse();
    assertThat(nine.value()).isEqualTo(9);
    assertThat(status.fromJson("100")).isSameAs(UnitStatus.OFFLINE);
    assertThat(UnitStatus.OFFLINE.name()).contains("OFFLINE");
    assertThat(page.fromJson("-1")).isSameAs(UnitPage.UNKNOWN).matches(UnitPage::isKnown);
  }
}
