package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.internal.Operation;
import io.swagger.v3.parser.util.DeserializationUtils;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Behaviour of the sandbox over real HTTP on 127.0.0.1, with a fake clock for the rate limits. */
class SonoranCadSandboxTest {

  private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000a11c");
  private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-000000000b0b");
  private static final String STATUS_PATH = "/v2/emergency/servers/1/units/status";
  private static final String ALICE_IDENTIFIERS = "/v2/emergency/accounts/" + ALICE + "/identifiers";
  private static final String BOB_IDENTIFIERS = "/v2/emergency/accounts/" + BOB + "/identifiers";
  private static final String KEY = "test-key";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeClock clock = new FakeClock();
  private final List<SandboxExchange> exchanges = new CopyOnWriteArrayList<>();
  private SonoranCadSandbox sandbox;

  @BeforeEach
  void startSandbox() {
    sandbox = SonoranCadSandbox.builder()
        .apiKey(KEY)
        .serverIds(1, 2)
        .linkCommunityUser("player-1234", ALICE)
        .linkCommunityUser("player-5678", BOB)
        .linkDiscord("123456789012345678", ALICE)
        .linkRoblox(123456789L, BOB)
        .onExchange(exchanges::add)
        .clock(clock)
        .build()
        .start();
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void baseUrlIsLoopbackWithTheBoundPort() {
    assertThat(sandbox.baseUrl()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
    assertThat(sandbox.apiKey()).isEqualTo(KEY);
  }

  @Test
  void specJsonIsThePackagedYamlAsTheParserReadsIt() throws Exception {
    // The sandbox parses the build's JSON copy (start-up); it must be the same tree as the packaged YAML.
    ClassLoader loader = getClass().getClassLoader();
    String yaml = new String(loader.getResourceAsStream(CuratedSpec.RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
    String specJson = new String(loader.getResourceAsStream(CuratedSpec.JSON_RESOURCE).readAllBytes(),
        StandardCharsets.UTF_8);

    assertThat(DeserializationUtils.deserializeIntoTree(specJson, CuratedSpec.JSON_RESOURCE))
        .isEqualTo(DeserializationUtils.deserializeIntoTree(yaml, CuratedSpec.RESOURCE));
  }

  @Test
  void infoLoginPageAndHubShareOneCommunityId() throws Exception {
    // Sonoran.js sends its configured community ID to Get Login Page; the same ID opens the hub.
    HttpResponse<String> info = send("GET", "/v2/general/info", "Bearer " + KEY, "");
    HttpResponse<String> loginPage = send("GET", "/v2/general/login-page?communityId=" + SonoranCadSandbox.COMMUNITY_ID,
        null, "");

    assertThat(json.readTree(info.body()).at("/community/comId").asText()).isEqualTo(SonoranCadSandbox.COMMUNITY_ID);
    assertThat(loginPage.statusCode()).isEqualTo(200);
    assertThat(json.readTree(loginPage.body()).get("comId").asText()).isEqualTo(SandboxEventHub.DEFAULT_COMMUNITY_ID);
  }

  @Nested
  class Authentication {

    @Test
    void missingAuthorizationIs401ProblemJson() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, null, "{\"identIds\":[1],\"status\":3}");

      assertProblem(response, 401, "Unauthorized", "Missing Authorization header.", STATUS_PATH);
    }

    @Test
    void otherSchemeIs401() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, "Basic " + KEY, "{\"identIds\":[1],\"status\":3}");

      assertProblem(response, 401, "Unauthorized", "Authorization header must use the Bearer scheme.", STATUS_PATH);
    }

    @Test
    void wrongKeyIs401() throws Exception {
      HttpResponse<String> response = send("POST", ALICE_IDENTIFIERS, "Bearer not-the-key", "{}");

      assertProblem(response, 401, "Unauthorized", "Invalid API key.", ALICE_IDENTIFIERS);
    }

    @Test
    void authenticationComesBeforeValidation() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, null, "not json");

      assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void schemeIsCaseInsensitive() throws Exception {
      HttpResponse<String> response = send("POST", ALICE_IDENTIFIERS, "bearer " + KEY, "{}");

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void exchangesCarryNoKey() throws Exception {
      send("POST", ALICE_IDENTIFIERS, "Bearer " + KEY, "{}");
      send("POST", ALICE_IDENTIFIERS, "Bearer wrong-key", "{}");
      send("POST", ALICE_IDENTIFIERS, null, "{}");

      assertThat(exchanges).extracting(SandboxExchange::authorization)
          .containsExactly("Bearer ***", "Bearer ***", "(none)");
      assertThat(exchanges.toString()).doesNotContain(KEY).doesNotContain("wrong-key");
    }
  }

  @Nested
  class Validation {

    @Test
    void missingStatusIs400NamingIt() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1]}");

      assertProblem(response, 400, "Bad Request", null, STATUS_PATH);
      assertThat(detail(response)).contains("missing required properties").contains("\"status\"");
    }

    @Test
    void communityUserIdsAsAStringIs400NamingIt() throws Exception {
      HttpResponse<String> response =
          send("PATCH", STATUS_PATH, bearer(), "{\"communityUserIds\":\"player-1234\",\"status\":3}");

      assertProblem(response, 400, "Bad Request", null, STATUS_PATH);
      assertThat(detail(response)).contains("/communityUserIds").contains("string").contains("array");
    }

    @Test
    void unknownPropertyIs400NamingIt() throws Exception {
      HttpResponse<String> response =
          send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":3,\"colour\":\"red\"}");

      assertProblem(response, 400, "Bad Request", null, STATUS_PATH);
      assertThat(detail(response)).contains("not allowed").contains("colour");
    }

    @Test
    void propertiesTheSpecAllowsAreAcceptedWhereTheSchemaDoesNotCloseIt() throws Exception {
      HttpResponse<String> response = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"unitNum\":\"A-1\",\"colour\":\"red\"}");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void contentAfterTheJsonValueIs400() throws Exception {
      HttpResponse<String> trailing = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"unitNum\":\"A-1\"} {}");
      HttpResponse<String> strayBracket = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"unitNum\":\"A-1\"}]");
      HttpResponse<String> trailingWhitespace = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"unitNum\":\"A-1\"} \n");

      assertProblem(trailing, 400, "Bad Request", "The request body has content after its JSON value.",
          ALICE_IDENTIFIERS);
      assertThat(strayBracket.statusCode()).isEqualTo(400);
      assertThat(trailingWhitespace.statusCode()).isEqualTo(200);
    }

    @Test
    void queryParametersAreValidated() throws Exception {
      String path = "/v2/emergency/servers/1/units";
      HttpResponse<String> response = send("GET", path + "?unitsLimit=0", bearer(), "");

      assertProblem(response, 400, "Bad Request", null, path);
      assertThat(detail(response)).contains("unitsLimit");
    }

    @Test
    void noTargetIs400ListingTheTargets() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, bearer(), "{\"status\":3}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).isEqualTo("Object must have at least one of the properties "
          + "[communityUserId, communityUserIds, roblox, discord, accountUuid, identIds]");
    }

    @Test
    void undocumentedStatusValueIs400() throws Exception {
      HttpResponse<String> response = send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":7}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("/status").contains("(7) not found in enum");
    }

    @Test
    void createIdentifierPropertiesAreValidatedThroughAllOf() throws Exception {
      HttpResponse<String> response = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"page\":9}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).isEqualTo(
          "[Path '/page'] Instance value (9) not found in enum (possible values: [0,1,2,3,-1])");
    }

    @Test
    void badPathParametersAre400NamingTheParameter() throws Exception {
      HttpResponse<String> serverZero =
          send("PATCH", "/v2/emergency/servers/0/units/status", bearer(), "{\"identIds\":[1],\"status\":3}");
      HttpResponse<String> notAUuid = send("POST", "/v2/emergency/accounts/alice/identifiers", bearer(), "{}");

      assertThat(serverZero.statusCode()).isEqualTo(400);
      assertThat(detail(serverZero)).startsWith("Parameter 'serverId' (path): ").contains("minimum");
      assertThat(notAUuid.statusCode()).isEqualTo(400);
      assertThat(detail(notAUuid)).startsWith("Parameter 'accountUuid' (path): ").contains("UUID");
    }

    @Test
    void missingOrMalformedBodyIs400() throws Exception {
      HttpResponse<String> empty = send("POST", ALICE_IDENTIFIERS, bearer(), "");
      HttpResponse<String> malformed = send("POST", ALICE_IDENTIFIERS, bearer(), "{\"name\":");

      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(detail(empty)).contains("request body is required");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(detail(malformed)).contains("Unable to parse JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() throws Exception {
      HttpResponse<String> array = send("PATCH", STATUS_PATH, bearer(), "[1]");

      assertProblem(array, 400, "Bad Request", "The request body must be a JSON object.", STATUS_PATH);
    }

    @Test
    void numbersBeyondTheirFormatAre400() throws Exception {
      HttpResponse<String> serverId = send("PATCH", "/v2/emergency/servers/99999999999/units/status", bearer(),
          "{\"identIds\":[1],\"status\":3}");
      HttpResponse<String> identId = send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[99999999999],\"status\":3}");

      assertThat(detail(serverId)).contains("serverId").contains("overflow");
      assertThat(detail(identId)).contains("/identIds/0").contains("overflow");
    }
  }

  @Nested
  class Routing {

    @Test
    void unknownServerIdIs404() throws Exception {
      String path = "/v2/emergency/servers/99/units/status";
      HttpResponse<String> response = send("PATCH", path, bearer(), "{\"identIds\":[1],\"status\":3}");

      assertProblem(response, 404, "Not Found", "Server 99 is not configured for this community.", path);
    }

    @Test
    void everyConfiguredServerIdIsAccepted() throws Exception {
      HttpResponse<String> response =
          send("PATCH", "/v2/emergency/servers/2/units/status", bearer(), "{\"identIds\":[1],\"status\":3}");

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void validationComesBeforeTheServerCheck() throws Exception {
      HttpResponse<String> response = send("PATCH", "/v2/emergency/servers/99/units/status", bearer(), "{}");

      assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
      HttpResponse<String> unknown = send("GET", "/v2/emergency/units", bearer(), "");
      HttpResponse<String> wrongMethod = send("POST", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":3}");

      assertProblem(unknown, 404, "Not Found", "No operation at /v2/emergency/units.", "/v2/emergency/units");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("PATCH");
    }
  }

  @Nested
  class SonoranJsStartup {

    @Test
    void getVersionAnswersThePlanVersionAsPlainTextWithoutABearerHeader() throws Exception {
      HttpResponse<String> response = send("POST", "/general/get_version", null, v1Body(KEY, "GET_VERSION"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
          .startsWith("text/plain"));
      assertThat(response.body()).isEqualTo("2");
    }

    @Test
    void getServersAnswersTheServersAsJson() throws Exception {
      HttpResponse<String> response = send("POST", "/general/get_servers", null, v1Body(KEY, "GET_SERVERS"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("servers").get(0).get("id").intValue()).isEqualTo(1);
    }

    @Test
    void aWrongKeyInTheBodyIs401() throws Exception {
      HttpResponse<String> response = send("POST", "/general/get_version", null, v1Body("other", "GET_VERSION"));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("INVALID API KEY");
    }

    private String v1Body(String key, String type) {
      return "{\"id\":\"community\",\"key\":\"" + key + "\",\"type\":\"" + type + "\",\"data\":[],\"product\":0}";
    }
  }

  @Nested
  class State {

    @Test
    void createIdentifierAssignsIncreasingIdsOwnedByThePathAccount() throws Exception {
      int first = createIdentifier(ALICE_IDENTIFIERS, "{}");
      int second = createIdentifier(BOB_IDENTIFIERS, "{}");
      int third = createIdentifier(ALICE_IDENTIFIERS, "{}");

      assertThat(List.of(first, second, third)).containsExactly(1, 2, 3);
      assertThat(sandbox.identifier(2)).get().extracting(SandboxIdentifier::accountUuid).isEqualTo(BOB);
      assertThat(sandbox.identifier(3)).get().extracting(SandboxIdentifier::accountUuid).isEqualTo(ALICE);
      assertThat(sandbox.identifier(4)).isEmpty();
    }

    @Test
    void omittedPropertiesGetTheDocumentedDefaults() throws Exception {
      int identId = createIdentifier(ALICE_IDENTIFIERS, "{}");

      assertThat(sandbox.identifier(identId)).contains(new SandboxIdentifier(identId, ALICE, 0, "", "NEW UNIT",
          "NO NAME", "NOT SET", "NOT SET", "NOT SET", "NOT SET", "", -1, false));
    }

    @Test
    void givenPropertiesAreStored() throws Exception {
      int identId = createIdentifier(ALICE_IDENTIFIERS, "{\"status\":2,\"aop\":\"Los Santos\",\"unitNum\":\"A-10\","
          + "\"name\":\"John Doe\",\"district\":\"Central\",\"department\":\"LSPD\",\"subdivision\":\"Patrol\","
          + "\"rank\":\"Officer\",\"group\":\"CAR-51\",\"page\":0,\"isDispatch\":true}");

      assertThat(sandbox.identifier(identId)).contains(new SandboxIdentifier(identId, ALICE, 2, "Los Santos",
          "A-10", "John Doe", "Central", "LSPD", "Patrol", "Officer", "CAR-51", 0, true));
    }

    @Test
    void setUnitStatusByIdentIdsUpdatesOnlyThoseAndReturnsTheName() throws Exception {
      createIdentifier(ALICE_IDENTIFIERS, "{}");
      createIdentifier(ALICE_IDENTIFIERS, "{}");

      JsonNode result = setStatus("{\"identIds\":[2,999],\"status\":3}");

      assertThat(result.get("updated").intValue()).isEqualTo(1);
      assertThat(result.get("status").textValue()).isEqualTo("ENROUTE");
      assertThat(sandbox.identifier(1)).get().extracting(SandboxIdentifier::status).isEqualTo(0);
      assertThat(sandbox.identifier(2)).get().extracting(SandboxIdentifier::status).isEqualTo(3);
    }

    @Test
    void linkedIdsResolveToEveryIdentifierOfTheirAccount() throws Exception {
      createIdentifier(ALICE_IDENTIFIERS, "{}");
      createIdentifier(ALICE_IDENTIFIERS, "{}");
      createIdentifier(BOB_IDENTIFIERS, "{}");

      assertThat(setStatus("{\"communityUserId\":\"player-1234\",\"status\":1}")).hasToString(
          "{\"updated\":2,\"status\":\"BUSY\"}");
      assertThat(setStatus("{\"communityUserIds\":[\"player-1234\",\"player-5678\"],\"status\":2}")).hasToString(
          "{\"updated\":3,\"status\":\"AVAILABLE\"}");
      assertThat(setStatus("{\"discord\":\"123456789012345678\",\"status\":4}")).hasToString(
          "{\"updated\":2,\"status\":\"ON_SCENE\"}");
      assertThat(setStatus("{\"roblox\":123456789,\"status\":100}")).hasToString(
          "{\"updated\":1,\"status\":\"OFFLINE\"}");
      assertThat(setStatus("{\"accountUuid\":\"" + ALICE + "\",\"status\":0}")).hasToString(
          "{\"updated\":2,\"status\":\"UNAVAILABLE\"}");
      assertThat(sandbox.identifier(3)).get().extracting(SandboxIdentifier::status).isEqualTo(100);
    }

    @Test
    void anIdentifierReachedByTwoTargetsIsCountedOnce() throws Exception {
      createIdentifier(ALICE_IDENTIFIERS, "{}");

      JsonNode result = setStatus("{\"communityUserId\":\"player-1234\",\"identIds\":[1],\"status\":3}");

      assertThat(result.get("updated").intValue()).isEqualTo(1);
    }

    @Test
    void targetsThatResolveToNothingUpdateNothing() throws Exception {
      createIdentifier(ALICE_IDENTIFIERS, "{}");

      JsonNode result = setStatus("{\"communityUserId\":\"nobody\",\"roblox\":42,\"status\":3}");

      assertThat(result).hasToString("{\"updated\":0,\"status\":\"ENROUTE\"}");
      assertThat(sandbox.identifier(1)).get().extracting(SandboxIdentifier::status).isEqualTo(0);
    }
  }

  @Nested
  class RateLimits {

    @Test
    void theLimitsAreTheOnesTheClientWasGeneratedWith() throws Exception {
      CuratedSpec spec = CuratedSpec.packaged();
      Operation<?> setUnitStatus = OperationIndex.spec("setUnitStatus");
      Operation<?> createIdentifier = OperationIndex.spec("createIdentifier");

      assertThat(spec.rateLimit("setUnitStatus")).isEqualTo(new CuratedSpec.RateLimit(
          setUnitStatus.rateLimitRequests(), setUnitStatus.rateLimitPeriod()));
      assertThat(spec.rateLimit("createIdentifier")).isEqualTo(new CuratedSpec.RateLimit(
          createIdentifier.rateLimitRequests(), createIdentifier.rateLimitPeriod()));
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndTheGatewayBody() throws Exception {
      CuratedSpec.RateLimit limit = CuratedSpec.packaged().rateLimit("setUnitStatus");
      for (int i = 0; i < limit.requests(); i++) {
        assertThat(send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":3}").statusCode())
            .isEqualTo(200);
      }

      HttpResponse<String> rejected = send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":3}");

      assertThat(rejected.statusCode()).isEqualTo(429);
      assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(rejected.headers().firstValue("Retry-After")).hasValue(Long.toString(limit.period().toSeconds()));
      JsonNode body = json.readTree(rejected.body());
      assertThat(body.get("message").textValue()).isEqualTo("API rate limit exceeded");
      assertThat(body.get("request_id").textValue()).matches("[0-9a-f]{32}");
      assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void retryAfterCountsDownAndTheWindowRollsOn() throws Exception {
      CuratedSpec.RateLimit limit = CuratedSpec.packaged().rateLimit("createIdentifier");
      createIdentifier(ALICE_IDENTIFIERS, "{}");
      clock.advance(Duration.ofSeconds(10));
      for (int i = 1; i < limit.requests(); i++) {
        createIdentifier(ALICE_IDENTIFIERS, "{}");
      }
      clock.advance(limit.period().minusSeconds(10).minusMillis(1500));

      HttpResponse<String> rejected = send("POST", ALICE_IDENTIFIERS, bearer(), "{}");
      assertThat(rejected.statusCode()).isEqualTo(429);
      assertThat(rejected.headers().firstValue("Retry-After")).hasValue("2");

      clock.advance(Duration.ofMillis(1500));
      assertThat(send("POST", ALICE_IDENTIFIERS, bearer(), "{}").statusCode()).isEqualTo(200);
      HttpResponse<String> rejectedAgain = send("POST", ALICE_IDENTIFIERS, bearer(), "{}");
      assertThat(rejectedAgain.statusCode()).isEqualTo(429);
      assertThat(rejectedAgain.headers().firstValue("Retry-After")).hasValue("10");
    }

    @Test
    void operationsAreCountedSeparately() throws Exception {
      CuratedSpec.RateLimit limit = CuratedSpec.packaged().rateLimit("createIdentifier");
      for (int i = 0; i < limit.requests(); i++) {
        createIdentifier(ALICE_IDENTIFIERS, "{}");
      }

      assertThat(send("POST", ALICE_IDENTIFIERS, bearer(), "{}").statusCode()).isEqualTo(429);
      assertThat(send("PATCH", STATUS_PATH, bearer(), "{\"identIds\":[1],\"status\":3}").statusCode())
          .isEqualTo(200);
    }

    @Test
    void onlyAuthenticatedRequestsAreCountedButInvalidOnesAre() throws Exception {
      CuratedSpec.RateLimit limit = CuratedSpec.packaged().rateLimit("createIdentifier");
      for (int i = 0; i < limit.requests() * 2; i++) {
        assertThat(send("POST", ALICE_IDENTIFIERS, "Bearer wrong-key", "{}").statusCode()).isEqualTo(401);
      }
      for (int i = 0; i < limit.requests(); i++) {
        assertThat(send("POST", ALICE_IDENTIFIERS, bearer(), "{\"page\":9}").statusCode()).isEqualTo(400);
      }

      assertThat(send("POST", ALICE_IDENTIFIERS, bearer(), "{}").statusCode()).isEqualTo(429);
    }
  }

  @Nested
  class ConfiguredWindow {

    @Test
    void rateLimitWindowReplacesTheDocumentedPeriod() throws Exception {
      CuratedSpec.RateLimit limit = CuratedSpec.packaged().rateLimit("createIdentifier");
      FakeClock shortClock = new FakeClock();
      try (SonoranCadSandbox shortWindow = SonoranCadSandbox.builder()
          .rateLimitWindow(Duration.ofSeconds(2))
          .clock(shortClock)
          .build()
          .start()) {
        String path = shortWindow.baseUrl() + ALICE_IDENTIFIERS;
        String key = "Bearer " + SonoranCadSandbox.DEFAULT_API_KEY;
        for (int i = 0; i < limit.requests(); i++) {
          assertThat(sendTo("POST", path, key, "{}").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> rejected = sendTo("POST", path, key, "{}");
        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(rejected.headers().firstValue("Retry-After")).hasValue("2");

        shortClock.advance(Duration.ofSeconds(2));
        assertThat(sendTo("POST", path, key, "{}").statusCode()).isEqualTo(200);
      }
    }

    @Test
    void builderRejectsNonsense() {
      SonoranCadSandbox.Builder builder = SonoranCadSandbox.builder();

      assertThatThrownBy(() -> builder.rateLimitWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.serverIds()).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.serverIds(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.linkRoblox(0, ALICE)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.linkDiscord("", ALICE)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> builder.port(70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startingTwiceFailsAndBaseUrlNeedsAStartedSandbox() {
      SonoranCadSandbox notStarted = SonoranCadSandbox.builder().build();

      assertThatThrownBy(notStarted::baseUrl).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class);
    }
  }

  private int createIdentifier(String path, String body) throws Exception {
    HttpResponse<String> response = send("POST", path, bearer(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return json.readTree(response.body()).get("identId").intValue();
  }

  private JsonNode setStatus(String body) throws Exception {
    HttpResponse<String> response = send("PATCH", STATUS_PATH, bearer(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private void assertProblem(HttpResponse<String> response, int status, String title, String detail, String path)
      throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").textValue()).isEqualTo("https://httpstatuses.com/" + status);
    assertThat(problem.get("title").textValue()).isEqualTo(title);
    assertThat(problem.get("status").intValue()).isEqualTo(status);
    if (detail != null) {
      assertThat(problem.get("detail").textValue()).isEqualTo(detail);
    }
    assertThat(problem.get("instance").textValue()).isEqualTo(path);
    assertThat(problem.get("traceId").textValue()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
  }

  private String detail(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body()).get("detail").textValue();
  }

  private static String bearer() {
    return "Bearer " + KEY;
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body)
      throws IOException, InterruptedException {
    return sendTo(method, sandbox.baseUrl() + path, authorization, body);
  }

  private HttpResponse<String> sendTo(String method, String url, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }


  /** A clock that stands still until a test moves it. */
  static final class FakeClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration duration) {
      now.updateAndGet(instant -> instant.plus(duration));
    }
  }
}
