package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A misconfigured server or proxy echoes the Authorization header into a JSON error body and into
 * headers: the key must not leave the client in any text. A loopback server echoes a canary key,
 * with characters JSON escapes, into every field of a problem and of a gateway body.
 */
class KeyEchoTest {
  /** A valid key (printable ASCII, no whitespace) with characters that JSON and URLs escape. */
  private static final String CANARY = "CANARY/k\"e\\y+" + UUID.randomUUID().toString().replace("-", "");
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.BUSY).build();

  private HttpServer echo;
  private volatile int status;
  private volatile UnaryOperator<String> body;

  @BeforeEach
  void start() throws IOException {
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    echo.createContext("/", exchange -> {
      String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
      String key = authorization.replaceFirst("^Bearer ", "");
      byte[] bytes = body.apply(authorization).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\", key=\"" + key + "\"");
      exchange.getResponseHeaders().add("X-Echo-Authorization", authorization);
      exchange.getResponseHeaders().add("Retry-After", key);
      exchange.getResponseHeaders().add("X-Request-Id", key);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    echo.start();
  }

  @AfterEach
  void stop() {
    echo.stop(0);
  }

  /** A JSON string literal of {@code text}, escaped as a server would (including {@code \/}). */
  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/") + '"';
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 429, 500, 503})
  void problemFieldsEchoingTheKeyAreRedacted(int code) {
    status = code;
    body = authorization -> "{\"type\":" + quoted("https://errors.example/" + authorization)
        + ",\"title\":" + quoted("Bad " + authorization)
        + ",\"status\":" + code
        + ",\"detail\":" + quoted("header was " + authorization)
        + ",\"instance\":" + quoted("/v2/" + authorization)
        + ",\"traceId\":" + quoted(authorization.replaceFirst("^Bearer ", ""))
        + "}";
    SonoranCadServiceException e = (SonoranCadServiceException) thrown();
    assertThat(e.statusCode()).isEqualTo(code);
    assertThat(e.title()).isEqualTo("Bad Bearer ***");
    assertThat(e.detail()).isEqualTo("header was Bearer ***");
    assertThat(e.traceId()).isEqualTo("***");
    assertThat(e.problemType()).isEqualTo("https://errors.example/Bearer ***");
    assertThat(e.instance()).isEqualTo("/v2/Bearer ***");
    assertThat(e.getMessage()).contains("***");
    assertNoCanary(e);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 429})
  void gatewayFieldsEchoingTheKeyAreRedacted(int code) {
    status = code;
    body = authorization -> "{\"message\":" + quoted("rejected " + authorization)
        + ",\"request_id\":" + quoted(authorization.replaceFirst("^Bearer ", "")) + "}";
    SonoranCadServiceException e = (SonoranCadServiceException) thrown();
    assertThat(e.detail()).isEqualTo("rejected Bearer ***");
    assertThat(e.requestId()).isEqualTo("***");
    assertThat(e.retryAfter()).as("a Retry-After that is the key is unreadable").isEmpty();
    assertNoCanary(e);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 429})
  void rawBodiesEchoingTheKeyAreRedacted(int code) {
    status = code;
    body = authorization -> "<html>no such key: " + authorization + " (" + quoted(authorization) + ")</html>";
    SonoranCadException e = thrown();
    assertNoCanary(e);
    assertThat(e.getMessage()).contains("Bearer ***");
  }

  /** OkHttp quotes a malformed status line in its exception: the key must not ride along. */
  @Test
  void transportFailureQuotingTheKeyIsRedacted() throws IOException {
    try (RawLoopbackServer raw = new RawLoopbackServer((request, index) -> {
      String authorization = request.lines().filter(l -> l.startsWith("Authorization: "))
          .findFirst().orElse("").substring("Authorization: ".length());
      return ("HTTP/1.1 4x0 " + authorization + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    })) {
      try (SonoranCadClient client = SonoranCadClient.builder().apiKey(CANARY).baseUrl(raw.baseUrl())
          .maxRetries(0).build()) {
        SonoranCadException e = catchThrowableOfType(SonoranCadException.class, () -> client.emergency().units().setUnitStatus(STATUS));
        assertThat(e).isInstanceOf(SonoranCadIoException.class);
        assertThat(e.getMessage()).contains("Unexpected status line").contains("***");
        assertNoCanary(e);
      }
    }
  }

  @Test
  void theKeyTypeShowsOnlyAFingerprint() {
    ApiKey key = ApiKey.of(CANARY);
    assertThat(key.toString()).doesNotContain(CANARY).startsWith("ApiKey{sha256=" + key.fingerprint().substring(0, 8));
    assertThat(key.fingerprint()).hasSize(64).isEqualTo(ApiKey.of(CANARY).fingerprint())
        .isNotEqualTo(ApiKey.of(CANARY + "x").fingerprint());
    assertThat(key.redact(null)).isNull();
    assertThat(key.redact("a " + CANARY + " b " + CANARY)).isEqualTo("a *** b ***");
  }

  private SonoranCadException thrown() {
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(CANARY)
        .baseUrl("http://127.0.0.1:" + echo.getAddress().getPort()).maxRetries(0).build()) {
      SonoranCadException e = catchThrowableOfType(SonoranCadException.class, () -> client.emergency().units().setUnitStatus(STATUS));
      assertThat(client.toString()).doesNotContain(CANARY);
      return e;
    }
  }

  /** The key is in no text of the exception: message, toString, stack trace with causes, accessors. */
  private static void assertNoCanary(SonoranCadException e) {
    List<String> texts = new ArrayList<>();
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    texts.add(trace.toString());
    texts.add(e.toString());
    texts.add(String.valueOf(e.getMessage()));
    texts.add(String.valueOf(e.getLocalizedMessage()));
    if (e instanceof SonoranCadServiceException service) {
      texts.add(String.valueOf(service.title()));
      texts.add(String.valueOf(service.detail()));
      texts.add(String.valueOf(service.traceId()));
      texts.add(String.valueOf(service.requestId()));
      texts.add(String.valueOf(service.problemType()));
      texts.add(String.valueOf(service.instance()));
      texts.add(service.bodySnippet());
    }
    for (String form : new String[] {CANARY, quoted(CANARY), CANARY.substring(0, 12), "CANARY"}) {
      assertThat(texts).as("no text holds %s", form).noneMatch(text -> text.contains(form));
    }
  }
}
