package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.ResponseTooLargeException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.exception.UnexpectedStatusCodeException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken server cannot do to a call: pause the key longer than the client waits,
 * overflow its arithmetic, stretch a call past its deadline, pass a redirect off as a success, fill
 * the heap with a body, or hide a TLS mismatch behind a timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileServerTest {
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().identIds(List.of(42)).status(UnitStatus.BUSY).build();
  private static final String OK = "{\"updated\":1,\"status\":\"BUSY\"}";

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807", "9223372036854775806", "9223372036854775", "99999999999999999999999",
      "86400", "31536000", "Fri, 31 Dec 9999 23:59:59 GMT", "-1", "-9223372036854775808", "1e300", "3.5", "soon", ""})
  void noRetryAfterPausesLongerThanMaxRetryWaitOrBreaksTheArithmetic(String retryAfter) {
    api.answerUnits(ClientTestServer.json("{\"message\":\"API rate limit exceeded\"}").withStatus(429)
        .withHeader("Retry-After", retryAfter));
    Duration maxRetryWait = Duration.ofSeconds(30);
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).maxRetries(0)
        .maxRetryWait(maxRetryWait).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      Throwable thrown = catchThrowable(() -> client.emergency().units().setUnitStatus(STATUS));
      assertThat(thrown).isInstanceOf(RateLimitException.class);
      ((RateLimitException) thrown).retryAfter().ifPresent(wait -> assertThat(wait.toMillis()).isNotNegative());

      api.answerUnits(ClientTestServer.json(OK));
      Throwable paused = catchThrowable(() -> client.emergency().units().setUnitStatus(STATUS));
      if (paused != null) {
        assertThat(paused).isInstanceOfSatisfying(ClientRateLimitException.class,
            e -> assertThat(e.retryAfter().orElseThrow()).isLessThanOrEqualTo(maxRetryWait));
      }
      time.advance(maxRetryWait);
      assertThat(client.emergency().units().setUnitStatus(STATUS).updated())
          .as("the key is free again once maxRetryWait has passed").isEqualTo(1);
    }
  }

  @Test
  void aHugeRetryAfterWithRetriesLeftThrowsAtOnceWithoutSleeping() {
    api.answerUnits(ClientTestServer.json("{}").withStatus(429).withHeader("Retry-After", "9223372036854775807"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOfSatisfying(RateLimitException.class,
              e -> assertThat(e.retryAfter().orElseThrow().toDays()).isGreaterThan(365L * 1000));
    }
    assertThat(time.sleeps()).isEmpty();
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void retryWaitsThatWouldPassTheCallTimeoutThrowInstead() {
    api.answerUnits(aResponse().withStatus(503).withHeader("Retry-After", "20"));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).callTimeout(Duration.ofSeconds(30)).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS)).hasMessageContaining("HTTP 503");
    }
    assertThat(time.sleeps()).as("one 20 s wait fits in 30 s, a second does not").containsExactly(Duration.ofSeconds(20));
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void aPermitWaitIsCutAtTheCallTimeout() {
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).rateLimitWindow(Duration.ofMinutes(10))
        .callTimeout(Duration.ofSeconds(5)).build()) {
      for (int i = 0; i < 30; i++) {
        client.emergency().units().setUnitStatus(STATUS);
      }
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOf(ClientRateLimitException.class);
    }
    assertThat(time.sleeps()).as("no permit wait can fit in 5 s of a 10 min window").isEmpty();
  }

  /** A server that answers headers, then one body byte every 50 ms, never finishing: no read timeout fires. */
  @Test
  void aTricklingServerCannotStretchACallPastItsCallTimeout() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread server = daemon(() -> {
        while (!socket.isClosed()) {
          try {
            Socket connection = socket.accept();
            connections.incrementAndGet();
            daemon(() -> trickle(connection)).start();
          } catch (IOException closed) {
            return;
          }
        }
      });
      server.start();
      long start = System.nanoTime();
      try (SonoranCadClient client = api.client().baseUrl("http://127.0.0.1:" + socket.getLocalPort())
          .readTimeout(Duration.ofSeconds(5)).attemptTimeout(Duration.ofSeconds(20))
          .callTimeout(Duration.ofMillis(1500)).build()) {
        assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
            .isInstanceOf(SonoranCadIoException.class)
            .hasMessageContaining("callTimeout of 1500 ms is used up")
            .hasMessageContaining("PATCH http://127.0.0.1:" + socket.getLocalPort() + "/v2/emergency/");
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(millis).as("the whole call, not 3 attempts of 20 s").isLessThan(6_000);
      assertThat(connections.get()).as("no attempt after the deadline").isEqualTo(1);
    }
  }

  private static void trickle(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      in.read(new byte[8192]);
      OutputStream out = connection.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < 100_000; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(50);
      }
    } catch (IOException | InterruptedException e) {
      // The client gave up.
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsAnErrorNeverASuccessAndIsNotFollowed(int status) {
    api.answerUnits(aResponse().withStatus(status).withHeader("Location", "/v2/elsewhere"));
    api.answerIdentifiers(aResponse().withStatus(status).withHeader("Location", "/v2/elsewhere"));
    api.server.stubFor(get(urlPathMatching("/v2/elsewhere")).willReturn(ClientTestServer.json(OK)));
    try (SonoranCadClient client = api.client().clock(time).sleeper(time).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOfSatisfying(UnexpectedStatusCodeException.class, e -> assertThat(e.statusCode()).isEqualTo(status));
      assertThatThrownBy(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
          .isInstanceOf(UnexpectedStatusCodeException.class);
    }
    assertThat(api.requestCount()).as("the Location was never requested").isEqualTo(2);
  }

  @Test
  void anEndlessSuccessBodyStopsAtTheCap() throws Exception {
    try (ServerSocket socket = endless("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n", true)) {
      assertTooLarge(socket, 200);
    }
  }

  @Test
  void anEndlessErrorBodyStopsAtTheCap() throws Exception {
    try (ServerSocket socket = endless("HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n", true)) {
      assertTooLarge(socket, 500);
    }
  }

  @Test
  void aDeclaredLengthAboveTheCapIsRefusedBeforeReading() throws Exception {
    try (ServerSocket socket = endless("HTTP/1.1 400 Bad\r\nContent-Type: application/problem+json\r\n"
        + "Content-Length: 9000000000\r\n\r\n", false)) {
      assertTooLarge(socket, 400);
    }
  }

  @Test
  void aBodyUnderTheCapIsRead() {
    api.answerUnits(ClientTestServer.json(OK + " ".repeat(4000)));
    try (SonoranCadClient client = api.client().maxResponseBytes(4096).build()) {
      assertThat(client.emergency().units().setUnitStatus(STATUS).updated()).isEqualTo(1);
    }
  }

  private void assertTooLarge(ServerSocket socket, int status) {
    long maxBytes = 1 << 20;
    try (SonoranCadClient client = api.client().baseUrl("http://127.0.0.1:" + socket.getLocalPort())
        .clock(time).sleeper(time).maxResponseBytes(maxBytes).build()) {
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
          .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.maxResponseBytes()).isEqualTo(maxBytes);
            assertThat(e).hasMessageContaining("1048576 bytes (maxResponseBytes)");
          });
    }
    assertThat(time.sleeps()).as("not retried").isEmpty();
  }

  /** A server answering {@code head}, then 64 KiB chunks (or raw bytes) until the client leaves. */
  private static ServerSocket endless(String head, boolean chunked) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    daemon(() -> {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          connection.getInputStream().read(new byte[8192]);
          OutputStream out = connection.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = "x".repeat(65536).getBytes(StandardCharsets.US_ASCII);
          for (long sent = 0; sent < (1L << 30); sent += chunk.length) {
            if (chunked) {
              out.write("10000\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(chunk);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
        } catch (IOException e) {
          // The client stopped reading.
        }
      }
    }).start();
    return socket;
  }

  @Test
  void anHttpsUrlToAPlainServerSaysSoAndIsNotRetried() throws Exception {
    // Like most plain servers, it answers the ClientHello's garbage with a 400 at once.
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      daemon(() -> {
        while (!plain.isClosed()) {
          try (Socket connection = plain.accept()) {
            connection.getInputStream().read(new byte[8192]);
            connection.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            // Closed.
          }
        }
      }).start();
      String httpsUrl = "https://127.0.0.1:" + plain.getLocalPort();
      try (SonoranCadClient client = api.client().baseUrl(httpsUrl).clock(time).sleeper(time).build()) {
        assertThatThrownBy(() -> client.emergency().units().setUnitStatus(STATUS))
            .isInstanceOf(SonoranCadIoException.class)
            .hasMessageContaining("PATCH " + httpsUrl + "/v2/emergency/")
            .hasMessageContaining("the TLS handshake with 127.0.0.1:")
            .hasMessageContaining("plain http server");
      }
      assertThat(time.sleeps()).as("a TLS mismatch is not retried").isEmpty();
    }
  }

  /** A plain server that waits for the end of a request head, which a TLS ClientHello never sends. */
  @Test
  void anHttpsUrlToASilentPlainServerNamesTheHandshakeAtTheDeadline() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      daemon(() -> {
        while (!socket.isClosed()) {
          try {
            Socket connection = socket.accept();
            daemon(() -> {
              try (connection) {
                connection.getInputStream().readAllBytes();
              } catch (IOException e) {
                // The client gave up.
              }
            }).start();
          } catch (IOException closed) {
            return;
          }
        }
      }).start();
      String httpsUrl = "https://127.0.0.1:" + socket.getLocalPort();
      try (SonoranCadClient client = api.client().baseUrl(httpsUrl).callTimeout(Duration.ofMillis(800)).build()) {
        assertThatThrownBy(() -> client.emergency().identifiers()
            .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()))
            .isInstanceOf(SonoranCadIoException.class)
            .hasMessageContaining("POST " + httpsUrl + "/v2/emergency/accounts/")
            .hasMessageContaining("the TLS handshake with 127.0.0.1:" + socket.getLocalPort() + " failed")
            .hasMessageContaining("callTimeout of 800 ms is used up");
      }
    }
  }

  @Test
  void aTransportFailureNamesTheUrlButNeverTheKey() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    try (SonoranCadClient client = api.client().baseUrl("http://127.0.0.1:" + port).build()) {
      Throwable thrown = catchThrowable(() -> client.emergency().identifiers()
          .createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build()));
      assertThat(thrown).isInstanceOf(SonoranCadIoException.class)
          .hasMessageContaining("POST http://127.0.0.1:" + port + "/v2/emergency/accounts/")
          .hasMessageNotContaining(api.apiKey);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.sonorancad.com/v2", "https://api.sonorancad.com/v2/", "https://proxy.example/api/V2"})
  void aBaseUrlEndingInV2IsRefusedWithTheFix(String baseUrl) {
    assertThatThrownBy(() -> SonoranCadClient.builder().baseUrl(baseUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every operation's path already starts with v2/")
        .hasMessageContaining("as in " + baseUrl.replaceFirst("(?i)/v2/?$", "/"));
  }

  @Test
  void aBaseUrlWithAPrefixPathIsKept() {
    try (SonoranCadClient client = api.client().baseUrl(api.server.baseUrl() + "/").build()) {
      assertThat(client.emergency().units().setUnitStatus(STATUS).updated()).isEqualTo(1);
    }
    assertThatThrownBy(() -> SonoranCadClient.builder().baseUrl("https://api.sonorancad.com/?x=1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query or fragment");
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "hostile-server");
    thread.setDaemon(true);
    return thread;
  }
}
