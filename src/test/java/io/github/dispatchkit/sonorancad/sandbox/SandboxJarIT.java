package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged sandbox jar, started as its own process the way a user runs it, driven over HTTP.
 *
 * <p>Run by Failsafe after {@code package}, which builds the jar; its path comes from the
 * {@code sandbox.jar} system property.
 */
class SandboxJarIT {

  private static final UUID ACCOUNT = UUID.fromString("0a0a0a0a-1111-2222-3333-444444444444");
  private static final UUID OTHER_ACCOUNT = UUID.fromString("0b0b0b0b-1111-2222-3333-444444444444");
  private static final Pattern READY = Pattern.compile("Sonoran CAD sandbox at (http://127\\.0\\.0\\.1:\\d+)");

  private static Process process;
  private static String baseUrl;
  private static final List<String> output = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheJar() throws Exception {
    Path jar = Path.of(System.getProperty("sandbox.jar", "target/missing-sandbox.jar"));
    assertThat(jar).as("the sandbox jar built by package").exists();
    process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--port", "0", "--window", "PT5S", "--api-key", "jar-key",
        "--community-users", "player-1=" + ACCOUNT, "--hub-port", "0")
        .redirectErrorStream(true)
        .start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null && baseUrl == null; line = lines.readLine()) {
      output.add(line);
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        baseUrl = ready.group(1);
      }
    }
    assertThat(baseUrl).as("the ready line in %s", output).isNotNull();
    // Keep reading so that the process never blocks on a full pipe.
    Thread drain = new Thread(() -> lines.lines().forEach(line -> { }), "sandbox-jar-output");
    drain.setDaemon(true);
    drain.start();
  }

  @AfterAll
  static void stopTheJar() throws Exception {
    if (process != null) {
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the sandbox stops on SIGTERM").isTrue();
    }
  }

  @Test
  void theClientCreatesAnIdentifierAndSetsItsStatusThroughALink() {
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey("jar-key").baseUrl(baseUrl)
        .defaultServerId(1).build()) {
      int identId = client.emergency().identifiers()
          .createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().unitNum("J-1").build()).identId();
      SetUnitStatusResponse response = client.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().communityUserId("player-1").status(UnitStatus.BUSY).build());

      assertThat(identId).isPositive();
      assertThat(response.updated()).isEqualTo(1);
    }
  }

  @Test
  void sonoranJsStartUpCallIsAnsweredWithThePlanVersionAsText() throws Exception {
    HttpResponse<String> response = send("POST", "/general/get_version",
        "{\"id\":\"community\",\"key\":\"jar-key\",\"type\":\"GET_VERSION\",\"data\":[],\"product\":0}", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.body()).matches("\\d+");
  }

  @Test
  void propertiesTheSpecAllowsAreAcceptedAndTrailingBytesAreNot() throws Exception {
    String path = "/v2/emergency/accounts/" + OTHER_ACCOUNT + "/identifiers";

    assertThat(send("POST", path, "{\"unitNum\":\"J-2\",\"nickname\":\"x\"}", "jar-key").statusCode())
        .isEqualTo(200);
    assertThat(send("POST", path, "{\"unitNum\":\"J-3\"}]", "jar-key").statusCode()).isEqualTo(400);
    // Set Unit Status's schema closes itself with additionalProperties: false.
    assertThat(send("PATCH", "/v2/emergency/servers/1/units/status",
        "{\"identIds\":[1],\"status\":1,\"nickname\":\"x\"}", "jar-key").statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
