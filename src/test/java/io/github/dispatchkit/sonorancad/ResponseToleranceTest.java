package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.dispatchkit.sonorancad.exception.InvalidPropertyException;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.CreateCustomDispatchCallRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.generated.model.GetAccountUnitsResponse;
import io.github.dispatchkit.sonorancad.generated.model.KickUnitResponse;
import io.github.dispatchkit.sonorancad.generated.model.KickUnitTarget;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.CadUnit;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.service.CivilianCharactersService.GetCharacterLinksParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetAccountUnitsParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetActiveUnitsParams;
import io.github.dispatchkit.sonorancad.internal.Json;
import io.github.dispatchkit.sonorancad.logging.Slf4jCallListener;
import io.github.dispatchkit.sonorancad.metrics.MicrometerCallListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/**
 * The tolerance rules of the README, each through the real client against a loopback WireMock: a
 * drifted property costs only its own accessor, list items survive their neighbours, unknown
 * properties are kept and sent back, strict mode names every drift, drift is reported to the
 * listeners, and responses and exceptions keep the raw response, the key redacted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponseToleranceTest {
  private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-000000000000");
  private static final String UNIT = "{\"id\":%d,\"accId\":\"" + ACCOUNT + "\",\"status\":%s,\"data\":{}}";
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().identIds(List.of(1)).status(UnitStatus.BUSY).build();

  private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  private final String key = "CANARY-" + UUID.randomUUID();
  private final List<String> reported = new ArrayList<>();
  private SonoranCadClient client;

  @BeforeEach
  void start() {
    server.start();
    client = SonoranCadClient.builder().apiKey(key).baseUrl(server.baseUrl())
        .listener(new CallListener() {
          @Override
          public void responseDrift(String operationId, List<Drift> drifts) {
            drifts.forEach(drift -> reported.add(operationId + " " + drift));
          }
        })
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  private void answer(int status, String body) {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withHeader("X-Request", "r-1").withBody(body)));
  }

  @Test
  void aNumericStringIsCoercedAndReported() {
    answer(200, "{\"identId\": \"42\"}");

    CreateIdentifierResponse created = client.emergency().identifiers().createIdentifier(ACCOUNT,
        CreateIdentifierRequest.builder().build());

    assertThat(created.identId()).isEqualTo(42);
    assertThat(created._identId()).isEqualTo(JsonValue.of("42"));
    assertThat(reported).containsExactly("createIdentifier $.identId: COERCED, expected integer, received \"42\"");
  }

  @Test
  void zeroAndOneAreBooleans() throws Exception {
    CadUnit unit = Json.MOSHI.adapter(CadUnit.class).fromJson(String.format(UNIT, 1, "1").replace("}}", "},\"isPanic\":1}"));

    assertThat(unit.isPanic()).isTrue();
  }

  @Test
  void aPropertyThatCannotBeTypedFailsOnlyItsAccessorNamingPathAndRawValue() {
    answer(200, "[" + String.format(UNIT, 1, "{\"name\":\"" + key + "\"}") + "," + String.format(UNIT, 2, "3") + "]");

    List<CadUnit> units = client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().build());

    assertThat(units).hasSize(2);
    assertThat(units.get(0).id()).isEqualTo(1);
    assertThat(units.get(0).accId()).isEqualTo(ACCOUNT);
    assertThat(units.get(1).status()).isEqualTo(UnitStatus.of(3));
    InvalidPropertyException e = catchThrowableOfType(InvalidPropertyException.class, () -> units.get(0).status());
    assertThat(e.operationId()).isEqualTo("getActiveUnits");
    assertThat(e.path()).isEqualTo("$[0].status");
    assertThat(e.getMessage()).contains("getActiveUnits", "CadUnit.status", "$[0].status", "UNTYPED", "{\"name\":\"***\"}")
        .doesNotContain(key);
    assertThat(units.get(0)._status().toString()).contains(key); // the raw value is the caller's data
    assertThat(units.get(0).violations()).first().asString().startsWith("status could not be typed");
    assertThatThrownBy(() -> units.get(0).validate()).isInstanceOf(InvalidPropertyException.class);
    assertThat(units.get(1).validate()).isSameAs(units.get(1));
    assertThat(reported).singleElement().asString().startsWith("getActiveUnits $[0].status: UNTYPED");
  }

  @Test
  void aRequiredPropertyMissingOrNullFailsOnlyItsAccessor() {
    answer(200, "{\"updated\": null}");

    SetUnitStatusResponse response = client.emergency().units().setUnitStatus(STATUS);

    assertThatThrownBy(response::updated).isInstanceOf(InvalidPropertyException.class).hasMessageContaining("$.updated: NULL");
    assertThatThrownBy(response::status).isInstanceOf(InvalidPropertyException.class).hasMessageContaining("$.status: MISSING");
    assertThat(response._status().isMissing()).isTrue();
    assertThat(response._updated().isNull()).isTrue();
    assertThat(response.violations()).contains("updated is required", "status is required");
  }

  @Test
  void anItemThatCannotBeTypedIsLeftOutAndKeptInTheRawValue() {
    answer(200, "{\"Units\": [\"junk\", " + String.format(UNIT, 7, "1") + ", null]}");

    GetAccountUnitsResponse response = client.emergency().units().getAccountUnits(ACCOUNT,
        GetAccountUnitsParams.builder().build());

    assertThat(response.units()).extracting(CadUnit::id).containsExactly(7);
    assertThat(response._units().asArray().orElseThrow()).hasSize(3)
        .first().isEqualTo(JsonValue.of("junk"));
    assertThat(reported).containsExactly(
        "getAccountUnits $.Units[0]: UNTYPED, expected CadUnit, received \"junk\"",
        "getAccountUnits $.Units[2]: UNTYPED, expected CadUnit, received null");
    assertThat(response.violations()).hasSize(2);
  }

  @Test
  void unknownPropertiesAreKeptAndWrittenBack() {
    answer(200, "{\"updated\": 1, \"status\": \"BUSY\", \"shift\": {\"id\": 9, \"note\": null}}");

    SetUnitStatusResponse response = client.emergency().units().setUnitStatus(STATUS);

    assertThat(response.additionalProperties()).containsOnlyKeys("shift");
    assertThat(response.additionalProperties().get("shift").toString()).isEqualTo("{\"id\":9,\"note\":null}");
    String json = Json.MOSHI.adapter(SetUnitStatusResponse.class).toJson(response);
    assertThat(json).isEqualTo("{\"updated\":1,\"status\":\"BUSY\",\"shift\":{\"id\":9,\"note\":null}}");
    SetUnitStatusResponse rebuilt = response.toBuilder().putAdditionalProperty("extra", JsonValue.of(true)).build();
    assertThat(rebuilt.additionalProperties()).containsOnlyKeys("shift", "extra");
    assertThat(reported).containsExactly("setUnitStatus $.shift: UNKNOWN_PROPERTY, expected no such property, received {\"id\":9,\"note\":null}");
  }

  @Test
  void aLoneObjectWhereAListIsDocumentedIsAOneElementList() {
    answer(200, String.format(UNIT, 4, "1"));
    assertThat(client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().build()))
        .extracting(CadUnit::id).containsExactly(4);
    assertThat(reported).as("documented by x-accept-single").isEmpty();

    answer(200, "\"link-1\"");
    assertThat(client.civilian().characters().getCharacterLinks(GetCharacterLinksParams.builder().communityUserId("p").build()))
        .containsExactly("link-1");
    assertThat(reported).containsExactly("getCharacterLinks $: COERCED, expected array of string, received \"link-1\"");
  }

  @Test
  void strictModeFailsTheCallNamingEveryDrift() {
    answer(200, "{\"updated\": \"1\", \"status\": \"BUSY\", \"extra\": 1}");

    try (SonoranCadClient strict = client.withOptions(options -> options.strictResponses(true))) {
      InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
          () -> strict.emergency().units().setUnitStatus(STATUS));
      assertThat(e.drifts()).extracting(Drift::path).containsExactly("$.updated", "$.extra");
      assertThat(e.getMessage()).contains("strict mode, 2 drift(s)", "$.updated: COERCED", "$.extra: UNKNOWN_PROPERTY");
      assertThat(e.statusCode()).isEqualTo(200);
    }
    assertThat(SonoranCadClient.fromEnvironment(Map.of("SONORAN_API_KEY", "k", "SONORAN_STRICT_RESPONSES", "true")))
        .isNotNull();
  }

  @Test
  void theRawResponseComesWithTheValueFromOneRequest() throws Exception {
    answer(201, "{\"identId\": 42, \"echo\": \"" + key + "\"}");

    RawResponse<CreateIdentifierResponse> raw = client.emergency().identifiers().withRawResponse()
        .createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().build());
    RawResponse<SetUnitStatusResponse> async = client.emergency().units().withRawResponse()
        .setUnitStatusAsync(1, STATUS).get(10, TimeUnit.SECONDS);

    assertThat(raw.statusCode()).isEqualTo(201);
    assertThat(raw.headers().get("X-Request")).isEqualTo("r-1");
    assertThat(raw.body()).isEqualTo("{\"identId\": 42, \"echo\": \"***\"}");
    assertThat(raw.value().identId()).isEqualTo(42);
    assertThat(async.value().additionalProperties()).containsKey("echo");
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void anUnusableSuccessBodyKeepsTheWholeRawResponseAndWarnsOfAnAppliedRequest() {
    String html = "<html>" + "x".repeat(500) + " Bearer " + key + " {\"identId\": 42}</html>";
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
        .withHeader("X-Echo", key).withBody(html)));

    InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
        () -> client.emergency().identifiers().createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().build()));

    assertThat(e.getMessage()).contains("answered HTTP 200", "non-idempotent request may have been applied")
        .doesNotContain(key);
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.body()).isEqualTo(html.replace(key, "***"));
    assertThat(e.headers().get("X-Echo")).isEqualTo("***");
    assertThat(e.getCause()).isNotNull();
    assertThat(String.valueOf(e.getCause())).doesNotContain(key);
    assertThat(server.getAllServeEvents()).as("not retried").hasSize(1);
  }

  @Test
  void errorResponsesKeepHeadersAndTheWholeBody() {
    String body = "{\"title\":\"Not Found\",\"detail\":\"" + "y".repeat(400) + "\"}";
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/problem+json").withHeader("X-Request", "r-2").withBody(body)));

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client.emergency().units().setUnitStatus(STATUS));

    assertThat(e.body()).isEqualTo(body);
    assertThat(e.headers().get("X-Request")).isEqualTo("r-2");
  }

  @Test
  void theSlf4jAndMicrometerListenersReportDrift() {
    answer(200, "{\"updated\": \"1\", \"status\": \"BUSY\", \"extra\": \"" + key + "\"}");
    Queue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (SonoranCadClient observed = client.withOptions(options -> options.listener(CallListener.all(
        new Slf4jCallListener(new EventRecordingLogger(new SubstituteLogger("calls", events, true), events)),
        new MicrometerCallListener(registry))))) {
      observed.emergency().units().setUnitStatus(STATUS);
    }

    List<String> warnings = events.stream().filter(event -> event.getLevel().toString().equals("WARN"))
        .map(event -> MessageFormatter.arrayFormat(event.getMessage(), event.getArgumentArray()).getMessage()).toList();
    assertThat(warnings).containsExactly("setUnitStatus: response drifted from the spec at 2 place(s): "
        + "$.updated: COERCED, expected integer, received \"1\"; "
        + "$.extra: UNKNOWN_PROPERTY, expected no such property, received \"***\"");
    assertThat(registry.get(MicrometerCallListener.DRIFTS).tag("operation", "setUnitStatus").tag("kind", "COERCED")
        .counter().count()).isEqualTo(1.0);
    assertThat(registry.get(MicrometerCallListener.DRIFTS).tag("kind", "UNKNOWN_PROPERTY").counter().count()).isEqualTo(1.0);
  }

  @Test
  void kickUnitSendsOneTargetAsALoneObjectAndReadsBothAnswers() {
    KickUnitTarget target = KickUnitTarget.builder().communityUserId("player-1234").reason("restart").build();
    answer(200, "{\"identId\": 12, \"reason\": \"restart\"}");

    KickUnitResponse single = client.emergency().units().kickUnit(target);
    answer(200, "{\"count\": 1, \"kicked\": [{\"identId\": 12, \"communityUserId\": \"player-1234\"}]}");
    KickUnitResponse batch = client.emergency().units().kickUnit(List.of(target));

    server.verify(1, anyRequestedFor(anyUrl()).withRequestBody(
        equalToJson("{\"communityUserId\":\"player-1234\",\"reason\":\"restart\"}")));
    server.verify(1, anyRequestedFor(anyUrl()).withRequestBody(
        equalToJson("[{\"communityUserId\":\"player-1234\",\"reason\":\"restart\"}]")));
    assertThat(single.identId()).isEqualTo(12);
    assertThat(batch.kicked()).singleElement().satisfies(kicked -> assertThat(kicked.identId()).isEqualTo(12));
    assertThatThrownBy(() -> client.emergency().units().kickUnit(KickUnitTarget.builder().reason("r").build()))
        .isInstanceOf(RequestValidationException.class);
    assertThat(reported).isEmpty();
  }

  @Test
  void createCustomDispatchCallTakesAnEmptyAnswer() {
    CreateCustomDispatchCallRequest request = CreateCustomDispatchCallRequest.builder()
        .templateId(1).values(Map.of("uid", "v")).communityUserId("player-1234").build();
    try (SonoranCadClient strict = client.withOptions(options -> options.strictResponses(true))) {
      answer(200, "{}");
      assertThat(strict.emergency().calls().createCustomDispatchCall(request)).isNull();
      answer(200, "");
      assertThat(strict.emergency().calls().createCustomDispatchCall(request)).isNull();
      answer(200, "{\"callId\": 502}");
      assertThat(client.emergency().calls().createCustomDispatchCall(request).callId()).isEqualTo(502);
    }
  }
}
