package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertDocumentedRequest;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertServedBy;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.onlyExchange;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitPage;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Create Identifier, {@code POST /v2/emergency/accounts/{accountUuid}/identifiers}: the documented
 * request examples, the server defaults (never sent), every enum value and the documented response.
 */
class CreateIdentifierContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private static final String EXAMPLE_PATH = "/v2/emergency/accounts/00000000-0000-0000-0000-000000000000/identifiers";

  private final FakeTime time = new FakeTime();
  private final String apiKey = Stubs.uniqueKey();

  private SonoranCadClient client() {
    return wm.client(apiKey, time).build();
  }

  @Test
  void documentedExample_everyProperty_sendsTheDocumentedRequest_andParsesIdentId42() {
    CreateIdentifierResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().identifiers().createIdentifier(
          UUID.fromString("00000000-0000-0000-0000-000000000000"), Operation.documentedCreateIdentifier());
    }

    assertThat(response.identId()).isEqualTo(42);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "create-identifier-documented-example");
    assertDocumentedRequest(exchange.getRequest(), "POST", EXAMPLE_PATH, apiKey,
        "{\"status\":0,\"aop\":\"Los Santos\",\"unitNum\":\"A-10\",\"name\":\"John Doe\",\"district\":\"Los Santos\","
            + "\"department\":\"LSPD\",\"subdivision\":\"Patrol\",\"rank\":\"Officer\",\"group\":\"CAR-51\","
            + "\"page\":0,\"isDispatch\":false}");
  }

  @Test
  void documentedExample_async_sendsTheSameRequest() throws Exception {
    CreateIdentifierResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().identifiers()
          .createIdentifierAsync(Stubs.EXAMPLE_ACCOUNT, Operation.documentedCreateIdentifier())
          .get(10, TimeUnit.SECONDS);
    }

    assertThat(response.identId()).isEqualTo(42);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "create-identifier-documented-example");
    assertDocumentedRequest(exchange.getRequest(), "POST", EXAMPLE_PATH, apiKey, Stubs.CREATE_IDENTIFIER_EXAMPLE);
  }

  @Test
  void sdkExample_sendsOnlyTheSetProperties() {
    CreateIdentifierResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT, CreateIdentifierRequest.builder()
          .status(UnitStatus.UNAVAILABLE)
          .unitNum("1A-01")
          .name("John Doe")
          .department("Police")
          .subdivision("Patrol")
          .rank("Officer")
          .build());
    }

    assertThat(response.identId()).isEqualTo(42);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "create-identifier-sdk-example");
    assertDocumentedRequest(exchange.getRequest(), "POST", EXAMPLE_PATH, apiKey,
        "{\"status\":0,\"unitNum\":\"1A-01\",\"name\":\"John Doe\",\"department\":\"Police\","
            + "\"subdivision\":\"Patrol\",\"rank\":\"Officer\"}");
  }

  /** Every property is optional: an empty request is {@code {}}, the defaults are left to the server. */
  @Test
  void emptyRequest_sendsAnEmptyObject_notTheDefaults() {
    CreateIdentifierResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT, CreateIdentifierRequest.builder().build());
    }

    assertThat(response.identId()).isEqualTo(42);
    ServeEvent exchange = onlyExchange(wm);
    assertServedBy(exchange, "create-identifier-empty-request");
    assertDocumentedRequest(exchange.getRequest(), "POST", EXAMPLE_PATH, apiKey, "{}");
  }

  /** The documented server default of each property, as the generated model exposes it. */
  static Stream<Arguments> documentedDefaults() {
    return Stream.of(
        Arguments.of("status", CreateIdentifierRequest.DEFAULT_STATUS, UnitStatus.UNAVAILABLE),
        Arguments.of("status (wire value)", CreateIdentifierRequest.DEFAULT_STATUS.value(), 0),
        Arguments.of("aop", CreateIdentifierRequest.DEFAULT_AOP, ""),
        Arguments.of("unitNum", CreateIdentifierRequest.DEFAULT_UNIT_NUM, "NEW UNIT"),
        Arguments.of("name", CreateIdentifierRequest.DEFAULT_NAME, "NO NAME"),
        Arguments.of("district", CreateIdentifierRequest.DEFAULT_DISTRICT, "NOT SET"),
        Arguments.of("department", CreateIdentifierRequest.DEFAULT_DEPARTMENT, "NOT SET"),
        Arguments.of("subdivision", CreateIdentifierRequest.DEFAULT_SUBDIVISION, "NOT SET"),
        Arguments.of("rank", CreateIdentifierRequest.DEFAULT_RANK, "NOT SET"),
        Arguments.of("group", CreateIdentifierRequest.DEFAULT_GROUP, ""),
        Arguments.of("page", CreateIdentifierRequest.DEFAULT_PAGE, UnitPage.UNKNOWN),
        Arguments.of("page (wire value)", CreateIdentifierRequest.DEFAULT_PAGE.value(), -1),
        Arguments.of("isDispatch", CreateIdentifierRequest.DEFAULT_IS_DISPATCH, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedDefaults")
  void documentedDefault(String property, Object actual, Object documented) {
    assertThat(actual).isEqualTo(documented);
  }

  /** UNIT_PAGE as documented: name and integer value, in documentation order. */
  static Stream<Arguments> unitPages() {
    return Stream.of(
        Arguments.of(UnitPage.POLICE, "POLICE", 0),
        Arguments.of(UnitPage.FIRE, "FIRE", 1),
        Arguments.of(UnitPage.EMS, "EMS", 2),
        Arguments.of(UnitPage.DISPATCH, "DISPATCH", 3),
        Arguments.of(UnitPage.UNKNOWN, "UNKNOWN", -1));
  }

  @ParameterizedTest(name = "{1} = {2}")
  @MethodSource("unitPages")
  void everyUnitPage_isSentAsItsDocumentedInteger(UnitPage page, String name, int value) {
    String body = "{\"page\":" + value + "}";
    wm.server().stubFor(post(urlEqualTo(EXAMPLE_PATH)).atPriority(1)
        .withRequestBody(equalToJson(body, false, false))
        .willReturn(Stubs.json(200, Stubs.CREATE_IDENTIFIER_RESPONSE)));
    try (SonoranCadClient client = client()) {
      client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT, CreateIdentifierRequest.builder().page(page).build());
    }

    assertThat(page.value()).isEqualTo(value);
    assertThat(page.name()).contains(name);
    assertDocumentedRequest(onlyExchange(wm).getRequest(), "POST", EXAMPLE_PATH, apiKey, body);
  }

  @Test
  void unitPage_knownValues_areExactlyTheDocumentedOnes() {
    assertThat(UnitPage.knownValues())
        .extracting(p -> p.name().orElseThrow() + "=" + p.value())
        .containsExactly("POLICE=0", "FIRE=1", "EMS=2", "DISPATCH=3", "UNKNOWN=-1");
  }

  static Stream<Arguments> unitStatuses() {
    return SetUnitStatusContractTest.unitStatuses();
  }

  /** The initial status takes every UNIT_STATUS value, sent as its documented integer. */
  @ParameterizedTest(name = "{1} = {2}")
  @MethodSource("unitStatuses")
  void everyUnitStatus_isSentAsItsDocumentedInteger(UnitStatus status, String name, int value) {
    String body = "{\"status\":" + value + "}";
    wm.server().stubFor(post(urlEqualTo(EXAMPLE_PATH)).atPriority(1)
        .withRequestBody(equalToJson(body, false, false))
        .willReturn(Stubs.json(200, Stubs.CREATE_IDENTIFIER_RESPONSE)));
    try (SonoranCadClient client = client()) {
      client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT,
          CreateIdentifierRequest.builder().status(status).build());
    }

    assertDocumentedRequest(onlyExchange(wm).getRequest(), "POST", EXAMPLE_PATH, apiKey, body);
  }

  /** isDispatch is a JSON boolean. */
  @Test
  void isDispatch_isSentAsABoolean() {
    String body = "{\"isDispatch\":true}";
    wm.server().stubFor(post(urlEqualTo(EXAMPLE_PATH)).atPriority(1)
        .withRequestBody(equalToJson(body, false, false))
        .willReturn(Stubs.json(200, Stubs.CREATE_IDENTIFIER_RESPONSE)));
    try (SonoranCadClient client = client()) {
      client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT,
          CreateIdentifierRequest.builder().isDispatch(true).build());
    }

    assertDocumentedRequest(onlyExchange(wm).getRequest(), "POST", EXAMPLE_PATH, apiKey, body);
  }

  /** accountUuid is a UUID path parameter, in its canonical form. */
  @Test
  void accountUuid_isTheCanonicalUuidPathSegment() {
    UUID account = UUID.fromString("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
    String path = "/v2/emergency/accounts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/identifiers";
    wm.server().stubFor(post(urlEqualTo(path)).atPriority(1)
        .willReturn(Stubs.json(200, "{\"identId\":7}")));
    CreateIdentifierResponse response;
    try (SonoranCadClient client = client()) {
      response = client.emergency().identifiers().createIdentifier(account, CreateIdentifierRequest.builder().build());
    }

    assertThat(response.identId()).isEqualTo(7);
    assertDocumentedRequest(onlyExchange(wm).getRequest(), "POST", path, apiKey, "{}");
  }
}
