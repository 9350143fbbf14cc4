package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every form of a request the pages document, sent raw as the SDKs and other tools send them. */
@Timeout(30)
class SandboxFormsTest {

  private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000a11c");
  private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-000000000b0b");
  private static final String KICK = "/v2/emergency/servers/1/units/kick";
  private static final String BODYCAM = "/v2/general/bodycam-recordings";
  private static final String BOUNDARY = "sandbox-boundary";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SonoranCadSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = SonoranCadSandbox.builder()
        .linkCommunityUser("player-1234", ALICE)
        .linkCommunityUser("player-5678", BOB)
        .build()
        .start();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void kickUnitTakesASingleObjectOverPostAndAnswersIdentIdAndReason() throws Exception {
    int alices = createIdentifier(ALICE);

    HttpResponse<String> response = send("POST", KICK, "{\"communityUserId\":\"player-1234\",\"reason\":\"Restart\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()))
        .isEqualTo(json.readTree("{\"identId\":" + alices + ",\"reason\":\"Restart\"}"));
    assertThat(sandbox.identifier(alices).orElseThrow().status()).isEqualTo(100);
  }

  @Test
  void kickUnitTakesTheLegacyDeleteWithBothForms() throws Exception {
    int alices = createIdentifier(ALICE);
    int bobs = createIdentifier(BOB);

    HttpResponse<String> single = send("DELETE", KICK, "{\"communityUserId\":\"player-1234\",\"reason\":\"Gone\"}");
    HttpResponse<String> array = send("DELETE", KICK, "[{\"communityUserId\":\"player-5678\",\"reason\":\"Restart\"}]");

    assertThat(json.readTree(single.body())).isEqualTo(json.readTree("{\"identId\":" + alices + ",\"reason\":\"Gone\"}"));
    assertThat(json.readTree(array.body())).isEqualTo(json.readTree("{\"count\":1,\"kicked\":[{\"identId\":" + bobs
        + ",\"communityUserId\":\"player-5678\",\"reason\":\"Restart\"}]}"));
    assertThat(sandbox.identifier(bobs).orElseThrow().status()).isEqualTo(100);
  }

  @Test
  void kickUnitValidatesTheSingleObjectAsItsArrayItemOnEitherMethod() throws Exception {
    for (String method : new String[] {"POST", "DELETE"}) {
      HttpResponse<String> response = send(method, KICK, "{\"communityUserId\":\"player-1234\"}");

      assertThat(response.statusCode()).as(method).isEqualTo(400);
      assertThat(detail(response)).as(method).contains("reason");
    }
  }

  @Test
  void kickUnitSingleObjectForAUserWithoutAnActiveUnitIs404() throws Exception {
    HttpResponse<String> response = send("POST", KICK, "{\"communityUserId\":\"player-1234\",\"reason\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void aMethodTheRouteDoesNotTakeIsStill405NamingBoth() throws Exception {
    HttpResponse<String> response = send("PUT", KICK, "[]");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST, DELETE");
  }

  @Test
  void createRecordWithTheCharacterTemplateCreatesACharacter() throws Exception {
    HttpResponse<String> created = send("POST", "/v2/general/records", "{\"communityUserId\":\"player-1234\","
        + "\"useDictionary\":true,\"recordTypeId\":7,\"replaceValues\":{\"first\":\"John\",\"last\":\"Doe\",\"dob\":\"01/01/1995\"}}");

    JsonNode record = json.readTree(created.body());
    assertThat(record.get("type").asInt()).isEqualTo(7);
    JsonNode characters = json.readTree(send("GET", "/v2/civilian/characters?communityUserId=player-1234", "").body());
    assertThat(characters).hasSize(1);
    assertThat(characters.get(0).get("id")).isEqualTo(record.get("id"));
    assertThat(characters.get(0).findValuesAsText("value")).containsExactly("John", "Doe", "01/01/1995");
    assertThat(send("DELETE", "/v2/civilian/characters/" + record.get("id").asInt(), "").statusCode()).isEqualTo(200);
    assertThat(json.readTree(send("GET", "/v2/civilian/characters?communityUserId=player-1234", "").body())).isEmpty();
  }

  @Test
  void createRecordWithTheRawCharacterRecordCreatesACharacter() throws Exception {
    send("POST", "/v2/general/records", "{\"communityUserId\":\"player-1234\","
        + "\"record\":{\"type\":7,\"name\":\"Jane Roe\",\"sections\":[]}}");

    JsonNode characters = json.readTree(send("GET", "/v2/civilian/characters?communityUserId=player-1234", "").body());
    assertThat(characters).extracting(character -> character.get("name").asText()).containsExactly("Jane Roe");
  }

  @Test
  void createRecordWithAnUnknownTemplateIs404() throws Exception {
    HttpResponse<String> response = send("POST", "/v2/general/records",
        "{\"communityUserId\":\"player-1234\",\"recordTypeId\":99,\"replaceValues\":{}}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(detail(response)).contains("99");
  }

  @Test
  void aValidBodycamFormIsStoredAndAnsweredWithItsUrl() throws Exception {
    HttpResponse<String> response = sendForm(part("file", "clip.webm", "video/webm", "webm-bytes")
        + part("communityUserId", null, null, "player-1234") + part("durationMs", null, null, "1000")
        + part("identId", null, null, "3") + part("unitNumber", null, null, "A-10"));

    assertThat(response.statusCode()).isEqualTo(200);
    String url = json.readTree(response.body()).get(0).asText();
    assertThat(url).startsWith("https://files.sandbox.invalid/bodycam/" + ALICE + "/");
    JsonNode recording = json.readTree(sandbox.state()).get("bodycamRecordings").get(0);
    assertThat(recording.get("url").asText()).isEqualTo(url);
    assertThat(recording.get("durationMs").asInt()).isEqualTo(1000);
    assertThat(recording.get("unitNumber").asText()).isEqualTo("A-10");
    assertThat(recording.get("file").get("size").asInt()).isEqualTo("webm-bytes".length());
  }

  @Test
  void aBodycamFormIsCheckedLikeAJsonBodyNamingEveryProblem() throws Exception {
    HttpResponse<String> response = sendForm(part("accountUuid", null, null, "not-a-uuid")
        + part("identId", null, null, "1.5"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(detail(response))
        .contains("Part 'file' is required")
        .contains("Part 'durationMs' is required")
        .contains("Part 'accountUuid' must be a UUID")
        .contains("Part 'identId' must be an integer");
  }

  @Test
  void bodycamPartsAreCheckedForTypeRangeAndTheOneTarget() throws Exception {
    HttpResponse<String> response = sendForm(part("file", "clip.mp4", "video/mp4", "x")
        + part("communityUserId", null, null, "player-1234") + part("discord", null, null, "42")
        + part("durationMs", null, null, "120001"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(detail(response))
        .contains("Part 'file' must be video/webm")
        .contains("Exactly one of the parts [accountUuid, communityUserId, roblox, discord]")
        .contains("Part 'durationMs' must be between 1 and 120000");
  }

  private int createIdentifier(UUID account) throws Exception {
    HttpResponse<String> response = send("POST", "/v2/emergency/accounts/" + account + "/identifiers", "{}");
    return json.readTree(response.body()).get("identId").asInt();
  }

  private String detail(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body()).get("detail").asText();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + sandbox.apiKey())
        .timeout(Duration.ofSeconds(10))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> sendForm(String parts) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes((parts + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + BODYCAM))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .header("Authorization", "Bearer " + sandbox.apiKey())
        .timeout(Duration.ofSeconds(10))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String part(String name, String filename, String contentType, String content) {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n" + content + "\r\n";
  }
}
