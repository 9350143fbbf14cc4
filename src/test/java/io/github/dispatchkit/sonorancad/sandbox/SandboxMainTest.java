package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.event.Delivery;
import io.github.dispatchkit.sonorancad.event.Event;
import io.github.dispatchkit.sonorancad.event.EventType;
import io.github.dispatchkit.sonorancad.event.PushListener;
import io.github.dispatchkit.sonorancad.event.SonoranCadEvents;
import io.github.dispatchkit.sonorancad.example.QuickStart;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standalone command's configuration from system properties. */
class SandboxMainTest {

  private static final UUID ACCOUNT = UUID.fromString("11111111-2222-3333-4444-555555555555");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @Test
  void withoutLinkPropertiesTheQuickStartIdsAreLinked() throws Exception {
    try (SonoranCadSandbox sandbox = configure(properties("sandbox.port", "0")).build().start()) {
      String key = "Bearer " + SonoranCadSandbox.DEFAULT_API_KEY;
      send(sandbox, "POST", "/v2/emergency/accounts/" + QuickStart.DEMO_ACCOUNT_UUID + "/identifiers", key, "{}");

      assertThat(setStatus(sandbox, key, 1, "\"communityUserId\":\"" + QuickStart.DEMO_COMMUNITY_USER_ID + "\""))
          .isEqualTo("{\"updated\":1,\"status\":\"ENROUTE\"}");
      assertThat(setStatus(sandbox, key, 1, "\"discord\":\"" + QuickStart.DEMO_DISCORD_ID + "\""))
          .isEqualTo("{\"updated\":1,\"status\":\"ENROUTE\"}");
      assertThat(setStatus(sandbox, key, 1, "\"roblox\":" + QuickStart.DEMO_ROBLOX_ID))
          .isEqualTo("{\"updated\":1,\"status\":\"ENROUTE\"}");
    }
  }

  @Test
  void propertiesSetKeyServersWindowAndLinks() throws Exception {
    Properties properties = properties(
        "sandbox.port", "0",
        "sandbox.apiKey", "my-key",
        "sandbox.serverIds", "1, 7",
        "sandbox.window", "PT3S",
        "sandbox.communityUsers", "alpha=" + ACCOUNT + ", beta=" + ACCOUNT,
        "sandbox.roblox", "42=" + ACCOUNT);
    try (SonoranCadSandbox sandbox = configure(properties).build().start()) {
      String key = "Bearer my-key";
      assertThat(sandbox.apiKey()).isEqualTo("my-key");
      send(sandbox, "POST", "/v2/emergency/accounts/" + ACCOUNT + "/identifiers", key, "{}");

      assertThat(setStatus(sandbox, key, 7, "\"communityUserIds\":[\"alpha\",\"beta\"]"))
          .isEqualTo("{\"updated\":1,\"status\":\"ENROUTE\"}");
      assertThat(setStatus(sandbox, key, 7, "\"roblox\":42")).isEqualTo("{\"updated\":1,\"status\":\"ENROUTE\"}");
      assertThat(setStatus(sandbox, key, 1, "\"communityUserId\":\"" + QuickStart.DEMO_COMMUNITY_USER_ID + "\""))
          .isEqualTo("{\"updated\":0,\"status\":\"ENROUTE\"}");
      assertThat(send(sandbox, "PATCH", "/v2/emergency/servers/2/units/status", key,
          "{\"identIds\":[1],\"status\":3}").statusCode()).isEqualTo(404);

      HttpResponse<String> limited = null;
      for (int i = 0; i < 40 && (limited == null || limited.statusCode() != 429); i++) {
        limited = send(sandbox, "POST", "/v2/emergency/accounts/" + ACCOUNT + "/identifiers", key, "{}");
      }
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3L);
    }
  }

  @Test
  void logsEachExchangeWithoutTheKey() throws Exception {
    try (SonoranCadSandbox sandbox = configure(properties("sandbox.port", "0", "sandbox.apiKey", "my-key"))
        .build().start()) {
      send(sandbox, "POST", "/v2/emergency/accounts/" + ACCOUNT + "/identifiers", "Bearer my-key", "{\"name\":\"A\"}");
    }

    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("POST /v2/emergency/accounts/" + ACCOUNT + "/identifiers {\"name\":\"A\"}  ->  200 {\"identId\":1}")
        .doesNotContain("my-key");
  }

  @Test
  void theStandaloneHubPostsTheSandboxsEventsToTheConfiguredListener() throws Exception {
    BlockingQueue<Event<UnitStatusData>> received = new LinkedBlockingQueue<>();
    try (SonoranCadEvents events = SonoranCadEvents.builder(
        SonoranCadClient.builder().apiKey(SonoranCadSandbox.DEFAULT_API_KEY).buildOptions()).build()) {
      PushListener listener = events.on(EventType.UNIT_STATUS, received::add).httpListener().start();
      Properties properties = properties("sandbox.port", "0", "sandbox.hubPort", "0", "sandbox.eventListener", listener.url());
      try (SandboxEventHub hub = SandboxMain.configureHub(properties).orElseThrow().build().start();
          SonoranCadSandbox sandbox = SandboxMain.configure(properties, new PrintStream(log, true, StandardCharsets.UTF_8),
              new SandboxEventBridge(hub)).build().start()) {
        setStatus(sandbox, "Bearer " + SonoranCadSandbox.DEFAULT_API_KEY, 1, "\"identIds\":[5]");

        Event<UnitStatusData> event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event.delivery()).isEqualTo(Delivery.HTTP);
        assertThat(event.data().identIds()).containsExactly(5);
        assertThat(event.data().status()).isEqualTo(UnitStatus.ENROUTE);
        assertThat(hub.url()).startsWith("http://127.0.0.1:").endsWith("/apiWsHub");
      }
    }
  }

  @Test
  void malformedPropertiesAreRejected() {
    assertThatThrownBy(() -> configure(properties("sandbox.roblox", "abc=" + ACCOUNT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sandbox.roblox");
    assertThatThrownBy(() -> configure(properties("sandbox.communityUsers", "alpha")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id=accountUuid");
    assertThatThrownBy(() -> configure(properties("sandbox.discord", "1=not-a-uuid")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an account UUID");
    assertThatThrownBy(() -> configure(properties("sandbox.serverIds", "one")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sandbox.serverIds");
    assertThatThrownBy(() -> configure(properties("sandbox.window", "5s")))
        .isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void optionsSetTheirPropertiesOverTheSystemOnes() {
    Properties merged = SandboxMain.withOptions(properties("sandbox.port", "1", "sandbox.apiKey", "kept"),
        "--port", "9000", "--window=PT5S", "--server-ids", "1,2", "--community-users", "a=" + ACCOUNT,
        "--discord", "7=" + ACCOUNT, "--roblox=42=" + ACCOUNT, "--hub-port", "0",
        "--event-listener", "http://127.0.0.1:30120/sonorancad/event");

    assertThat(merged.getProperty("sandbox.port")).isEqualTo("9000");
    assertThat(merged.getProperty("sandbox.apiKey")).isEqualTo("kept");
    assertThat(merged.getProperty("sandbox.window")).isEqualTo("PT5S");
    assertThat(merged.getProperty("sandbox.serverIds")).isEqualTo("1,2");
    assertThat(merged.getProperty("sandbox.communityUsers")).isEqualTo("a=" + ACCOUNT);
    assertThat(merged.getProperty("sandbox.discord")).isEqualTo("7=" + ACCOUNT);
    assertThat(merged.getProperty("sandbox.roblox")).isEqualTo("42=" + ACCOUNT);
    assertThat(merged.getProperty("sandbox.hubPort")).isEqualTo("0");
    assertThat(merged.getProperty("sandbox.eventListener")).isEqualTo("http://127.0.0.1:30120/sonorancad/event");
    assertThat(SandboxMain.withOptions(new Properties(), "--api-key", "k").getProperty("sandbox.apiKey"))
        .isEqualTo("k");
  }

  @Test
  void unknownOrEmptyOptionsAreRejected() {
    assertThatThrownBy(() -> SandboxMain.withOptions(new Properties(), "--colour", "red"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --colour");
    assertThatThrownBy(() -> SandboxMain.withOptions(new Properties(), "--port"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--port needs a value");
  }

  private SonoranCadSandbox.Builder configure(Properties properties) {
    return SandboxMain.configure(properties, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void theHubIsOnAFreePortUnlessAskedAndOffWhenAskedOff() throws Exception {
    try (SandboxEventHub first = SandboxMain.configureHub(properties()).orElseThrow().build().start();
        SandboxEventHub second = SandboxMain.configureHub(properties()).orElseThrow().build().start()) {
      assertThat(first.url()).isNotEqualTo(second.url()).doesNotContain(":8081/");
    }
    assertThat(SandboxMain.configureHub(properties("sandbox.hubPort", "off"))).isEmpty();
    assertThatThrownBy(() -> SandboxMain.configureHub(properties("sandbox.hubPort", "eighty")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sandbox.hubPort: not a port: eighty");
  }

  @Test
  void aPortInUseIsNamedNotARawBindException() throws Exception {
    try (SonoranCadSandbox taken = configure(properties("sandbox.port", "0")).build().start()) {
      int port = URI.create(taken.baseUrl()).getPort();
      assertThatThrownBy(() -> configure(properties("sandbox.port", Integer.toString(port))).build().start())
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageStartingWith("Cannot bind the sandbox to 127.0.0.1:" + port + " (");
      assertThatThrownBy(() -> SandboxMain.configureHub(properties("sandbox.hubPort", Integer.toString(port)))
          .orElseThrow().build().start())
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageStartingWith("Cannot bind the push-event hub to 127.0.0.1:" + port + " (");
    }
  }

  @Test
  void theLogLineShowsTheQueryString() throws Exception {
    try (SonoranCadSandbox sandbox = configure(properties("sandbox.port", "0")).build().start()) {
      send(sandbox, "GET", "/v2/general/accounts?limit=10&offset=20", "Bearer " + SonoranCadSandbox.DEFAULT_API_KEY, "");
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("GET /v2/general/accounts?limit=10&offset=20 ");
  }

  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  private String setStatus(SonoranCadSandbox sandbox, String authorization, int serverId, String target)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(sandbox, "PATCH", "/v2/emergency/servers/" + serverId + "/units/status",
        authorization, "{" + target + ",\"status\":3}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(SonoranCadSandbox sandbox, String method, String path, String authorization,
      String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
