package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.logging.Slf4jCallListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/**
 * A loopback server echoes the key in an escaped or re-cased form into a problem body and a header:
 * no text the user can see (message, accessors, snippet, stack trace, the SLF4J warning, the HTTP
 * log) holds the key in that form or any other.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EscapedKeyEchoTest {
  /** A key with the characters that escape: base64's {@code + / =}, and letters of both cases. */
  private static final String KEY = "Sk+b/Q=" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "xY";
  private static final SetUnitStatusRequest STATUS =
      SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.BUSY).build();

  private static final Map<String, UnaryOperator<String>> FORMS = Map.ofEntries(
      Map.entry("json-u-every-char", key -> each(key, c -> String.format("\\u%04X", (int) c))),
      Map.entry("json-u-lower-hex", key -> key.replace("+", "\\u002b").replace("/", "\\u002f")),
      Map.entry("json-solidus", key -> key.replace("/", "\\/")),
      Map.entry("html-decimal-every-char", key -> each(key, c -> "&#" + (int) c + ";")),
      Map.entry("html-hex", key -> key.replace("+", "&#x2b;").replace("/", "&#X2F;").replace("=", "&#x003D;")),
      Map.entry("html-named", key -> key.replace("+", "&plus;").replace("/", "&sol;").replace("=", "&equals;")),
      Map.entry("url-encoded", key -> URLEncoder.encode(key, StandardCharsets.UTF_8)),
      Map.entry("url-every-char-lower", key -> each(key, c -> String.format("%%%02x", (int) c))),
      Map.entry("upper-case", key -> key.toUpperCase(Locale.ROOT)),
      Map.entry("lower-case", key -> key.toLowerCase(Locale.ROOT)),
      Map.entry("mixed", key -> each(key.toUpperCase(Locale.ROOT), c -> c % 3 == 0 ? "\\u00" + Integer.toHexString(c)
          : c % 3 == 1 ? "%" + Integer.toHexString(c) : "&#" + (int) c + ";")));

  private HttpServer echo;
  private volatile String form;

  private static String each(String key, java.util.function.IntFunction<String> escape) {
    StringBuilder result = new StringBuilder();
    key.chars().forEach(c -> result.append(escape.apply(c)));
    return result.toString();
  }

  @BeforeEach
  void start() throws IOException {
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    echo.createContext("/", exchange -> {
      String key = exchange.getRequestHeaders().getFirst("Authorization").replaceFirst("^Bearer ", "");
      String echoed = FORMS.get(form).apply(key);
      byte[] bytes = ("{\"title\":\"Bad key " + echoed + "\",\"detail\":\"got " + echoed + "\",\"traceId\":\""
          + echoed + "\",\"extra\":\"" + echoed + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
      exchange.getResponseHeaders().add("X-Echo", echoed);
      exchange.sendResponseHeaders(401, bytes.length);
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

  @ParameterizedTest
  @ValueSource(strings = {"json-u-every-char", "json-u-lower-hex", "json-solidus", "html-decimal-every-char", "html-hex",
      "html-named", "url-encoded", "url-every-char-lower", "upper-case", "lower-case", "mixed"})
  void noFormOfAnEchoedKeyReachesAnyText(String name) {
    form = name;
    String echoed = FORMS.get(name).apply(KEY);
    Queue<SubstituteLoggingEvent> calls = new ConcurrentLinkedQueue<>();
    Queue<SubstituteLoggingEvent> http = new ConcurrentLinkedQueue<>();
    List<String> texts = new ArrayList<>();
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(KEY)
        .baseUrl("http://127.0.0.1:" + echo.getAddress().getPort()).maxRetries(0)
        .listener(new Slf4jCallListener(new EventRecordingLogger(new SubstituteLogger("calls", calls, true), calls)))
        .httpLogger(Slf4jCallListener.httpLogger(new EventRecordingLogger(new SubstituteLogger("http", http, true), http)))
        .build()) {
      SonoranCadServiceException e = catchThrowableOfType(SonoranCadServiceException.class,
          () -> client.emergency().units().setUnitStatus(STATUS));
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      texts.addAll(List.of(trace.toString(), e.toString(), String.valueOf(e.title()), String.valueOf(e.detail()),
          String.valueOf(e.traceId()), e.bodySnippet()));
      assertThat(e.bodySnippet()).contains("***");
      assertThat(e.title()).isEqualTo("Bad key ***");
    }
    for (Queue<SubstituteLoggingEvent> events : List.of(calls, http)) {
      events.forEach(event -> texts.add(
          MessageFormatter.arrayFormat(event.getMessage(), event.getArgumentArray()).getMessage()));
    }
    assertThat(texts).as("the SLF4J warning and the echoed header are among the texts")
        .anyMatch(text -> text.startsWith("setUnitStatus: call failed")).anyMatch(text -> text.equalsIgnoreCase("X-Echo: ***"));
    for (String text : texts) {
      assertThat(text).as(name).doesNotContain(echoed).doesNotContainIgnoringCase(KEY)
          .doesNotContainIgnoringCase(KEY.substring(7, 27));
    }
  }

  @Test
  void redactionIsLinearOnHostileText() {
    ApiKey key = ApiKey.of("a".repeat(63) + "b");
    String hostile = "a".repeat(1_000_000) + "&#".repeat(100_000) + "%".repeat(100_000) + "\\u00".repeat(100_000);
    long start = System.nanoTime();
    assertThat(key.redact(hostile)).isEqualTo(hostile);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("64 compares a char at most").isLessThan(5_000);
    assertThat(key.redact("x" + "A".repeat(63) + "&#98;y")).isEqualTo("x***y");
  }
}
