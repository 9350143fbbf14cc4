package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a careless or hostile client cannot do to the sandbox: huge bodies, huge log lines, stalled connections. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SandboxLimitsTest {
  private static final UUID ACCOUNT = UUID.fromString("5f2a3c1e-0000-4000-8000-000000000002");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> createIdentifier(String baseUrl, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/emergency/accounts/" + ACCOUNT + "/identifiers"))
        .header("Authorization", "Bearer " + SonoranCadSandbox.DEFAULT_API_KEY)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTenMebibyteFieldIsRefusedWith413AndNotStored() throws Exception {
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start()) {
      HttpResponse<String> response = createIdentifier(sandbox.baseUrl(),
          "{\"unitNum\":\"" + "9".repeat(10 << 20) + "\"}");
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("exceeds the sandbox's cap of " + SandboxHttpHandler.MAX_REQUEST_BYTES + " bytes");
      assertThat(sandbox.identifier(1)).isEmpty();
      assertThat(createIdentifier(sandbox.baseUrl(), "{\"unitNum\":\"A-10\"}").statusCode())
          .as("served normally after").isEqualTo(200);
    }
  }

  @Test
  void aLogLineShowsTheStartOfABodyAndItsLength() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Properties properties = new Properties();
    properties.setProperty("sandbox.port", "0");
    try (SonoranCadSandbox sandbox = SandboxMain.configure(properties, new PrintStream(log, true, StandardCharsets.UTF_8))
        .build().start()) {
      createIdentifier(sandbox.baseUrl(), "{\"name\":\"" + "n".repeat(3 << 20) + "\"}");
    }
    List<String> lines = new ArrayList<>(log.toString(StandardCharsets.UTF_8).lines().toList());
    lines.removeIf(line -> !line.contains("POST /v2/emergency/accounts/"));
    assertThat(lines).singleElement().satisfies(line -> {
      assertThat(line.length()).isLessThan(3 * SandboxMain.LOGGED_BODY_CHARS);
      assertThat(line).contains("... (" + (3 * 1024 * 1024 + 11) + " characters)");
    });
  }

  /** Connections that send half a request head and stall each hold a server thread: the rest are still answered. */
  @Test
  void halfOpenConnectionsDoNotStallTheOthers() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder().build().start()) {
      URI base = URI.create(sandbox.baseUrl());
      for (int i = 0; i < 8; i++) {
        Socket socket = new Socket(base.getHost(), base.getPort());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v2/emergency/accounts/" + ACCOUNT + "/identifiers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      long start = System.nanoTime();
      assertThat(createIdentifier(sandbox.baseUrl(), "{\"unitNum\":\"A-10\"}").statusCode()).isEqualTo(200);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }
}
