package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.BadRequestException;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.ServerErrorException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of both operations: undocumented 5xx, unusable bodies, broken connections and a
 * response slower than the timeout, each as its typed exception. Set Unit Status (x-idempotent) is
 * retried on 502/503/504 and transport failures, up to maxRetries; Create Identifier is sent exactly
 * once whenever the request may have reached the server.
 */
class FaultContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private static final int MAX_RETRIES = 2;
  private static final String HTML = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
  private static final int SLOW_RESPONSE_MILLIS = 1_000;

  private final FakeTime time = new FakeTime();
  private final String apiKey = Stubs.uniqueKey();

  /** One row of the matrix. */
  static final class Case {
    final String name;
    final Function<Operation, ResponseDefinitionBuilder> response;
    final Class<? extends Throwable> type;
    /** Whether an idempotent operation retries it (Create Identifier never does). */
    final boolean retriedWhenIdempotent;
    final BiConsumer<Operation, Throwable> check;
    final boolean slow;

    Case(String name, Function<Operation, ResponseDefinitionBuilder> response, Class<? extends Throwable> type,
        boolean retriedWhenIdempotent, BiConsumer<Operation, Throwable> check, boolean slow) {
      this.name = name;
      this.response = response;
      this.type = type;
      this.retriedWhenIdempotent = retriedWhenIdempotent;
      this.check = check;
      this.slow = slow;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Case status(String name, Function<Operation, ResponseDefinitionBuilder> response,
      Class<? extends Throwable> type, boolean retried, BiConsumer<Operation, Throwable> check) {
    return new Case(name, response, type, retried, check, false);
  }

  private static BiConsumer<Operation, Throwable> service(int status, String snippetStart, boolean problemFields) {
    return (operation, thrown) -> {
      SonoranCadServiceException e = (SonoranCadServiceException) thrown;
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.operationId()).isEqualTo(operation.operationId);
      assertThat(e.bodySnippet()).startsWith(snippetStart);
      if (!problemFields) {
        assertThat(e.problemType()).isNull();
        assertThat(e.title()).isNull();
        assertThat(e.detail()).isNull();
        assertThat(e.traceId()).isNull();
        assertThat(e.requestId()).isNull();
      }
    };
  }

  private static BiConsumer<Operation, Throwable> invalid(Function<Operation, String> snippet) {
    return (operation, thrown) -> {
      InvalidResponseException e = (InvalidResponseException) thrown;
      assertThat(e.operationId()).isEqualTo(operation.operationId);
      assertThat(e.bodySnippet()).isEqualTo(snippet.apply(operation));
    };
  }

  private static final BiConsumer<Operation, Throwable> IO = (operation, thrown) -> {
    assertThat(((SonoranCadIoException) thrown).operationId()).isEqualTo(operation.operationId);
    assertThat(thrown.getCause()).isInstanceOf(java.io.IOException.class);
  };

  private static String truncated(Operation operation) {
    return operation.documentedResponse.substring(0, operation.documentedResponse.length() - 4);
  }

  static Stream<Case> cases() {
    return Stream.of(
        status("500 problem+json", op -> aResponse().withStatus(500).withHeader("Content-Type", Stubs.PROBLEM_JSON)
                .withBody("{\"type\":\"https://httpstatuses.com/500\",\"title\":\"Internal Server Error\","
                    + "\"status\":500,\"detail\":\"Unexpected error.\",\"traceId\":\"00-500\"}"),
            ServerErrorException.class, false, (op, t) -> {
              service(500, "{", true).accept(op, t);
              ServerErrorException e = (ServerErrorException) t;
              assertThat(e.title()).isEqualTo("Internal Server Error");
              assertThat(e.detail()).isEqualTo("Unexpected error.");
              assertThat(e.traceId()).isEqualTo("00-500");
            }),
        status("502 HTML body", op -> aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody(HTML),
            ServerErrorException.class, true, service(502, "<html>", false)),
        status("503 empty body", op -> aResponse().withStatus(503),
            ServerErrorException.class, true, service(503, "", false)),
        status("504 empty body", op -> aResponse().withStatus(504),
            ServerErrorException.class, true, service(504, "", false)),
        status("404 HTML body", op -> aResponse().withStatus(404).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Not Found</body></html>"),
            NotFoundException.class, false, service(404, "<html>", false)),
        status("400 truncated problem+json", op -> aResponse().withStatus(400)
                .withHeader("Content-Type", Stubs.PROBLEM_JSON).withBody("{\"type\":\"https://httpstatuses.com/400\",\"tit"),
            BadRequestException.class, false, service(400, "{\"type\"", false)),
        status("200 empty body", op -> aResponse().withStatus(200).withHeader("Content-Type", "application/json"),
            InvalidResponseException.class, false, invalid(op -> "")),
        status("200 HTML body", op -> aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody(HTML),
            InvalidResponseException.class, false, invalid(op -> HTML)),
        status("200 truncated JSON", op -> Stubs.json(200, truncated(op)),
            InvalidResponseException.class, false, invalid(FaultContractTest::truncated)),
        status("200 JSON without the required properties", op -> Stubs.json(200, "{}"),
            InvalidResponseException.class, false, invalid(op -> "{}")),
        status("connection reset", op -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            SonoranCadIoException.class, true, IO),
        status("empty response", op -> aResponse().withFault(Fault.EMPTY_RESPONSE),
            SonoranCadIoException.class, true, IO),
        status("malformed response chunk", op -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
            SonoranCadIoException.class, true, IO),
        status("random data, then close", op -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE),
            SonoranCadIoException.class, true, IO),
        new Case("response slower than the timeout",
            op -> Stubs.json(200, op.documentedResponse).withFixedDelay(SLOW_RESPONSE_MILLIS),
            SonoranCadIoException.class, true, (op, t) -> {
              IO.accept(op, t);
              assertThat(t.getCause()).isInstanceOf(InterruptedIOException.class);
            }, true));
  }

  static Stream<Arguments> matrix() {
    return Stream.of(Operation.values())
        .flatMap(operation -> cases().map(c -> Arguments.of(operation, c)));
  }

  /**
   * Counts the documented requests WireMock logged. It logs a request on arrival, before a fixed
   * delay; to be safe with a slow response still held, waits (up to 3 s) until {@code expected} are
   * there. The client has given up by then, so more cannot arrive later.
   */
  private long documentedRequests(Operation operation, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (true) {
      long count = wm.server().countRequestsMatching(operation.documentedRequestPattern(apiKey).build()).getCount();
      if (count >= expected || System.nanoTime() > deadline) {
        return count;
      }
      Thread.sleep(20);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void fault_givesTheTypedException_andIsRetriedOnlyWhenSafe(Operation operation, Case fault) throws Exception {
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .willReturn(fault.response.apply(operation))
        .withMetadata(Stubs.specExempt("fault matrix: " + fault.name + " is deliberately not in the spec")));
    SonoranCadClient.Builder builder = wm.client(apiKey, time).maxRetries(MAX_RETRIES);
    if (fault.slow) {
      builder.readTimeout(SHORT_TIMEOUT).attemptTimeout(SHORT_TIMEOUT);
    }
    Throwable thrown;
    try (SonoranCadClient client = builder.build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    assertThat(thrown).as(fault.name).isInstanceOf(fault.type);
    fault.check.accept(operation, thrown);
    boolean retried = operation.idempotent && fault.retriedWhenIdempotent;
    int expectedRequests = retried ? 1 + MAX_RETRIES : 1;
    assertThat(documentedRequests(operation, expectedRequests))
        .as("documented requests sent")
        .isEqualTo(expectedRequests);
    assertThat(wm.served()).hasSize(expectedRequests);
    assertThat(time.sleeps()).as("backoff before each retry").hasSize(expectedRequests - 1);
    if (fault.slow) {
      awaitHeldResponses();
    }
  }

  /**
   * WireMock puts a request back in its journal when its delayed response completes, even after a
   * reset: let the held responses go out now, so they cannot show up in the next test's journal.
   */
  private static void awaitHeldResponses() throws InterruptedException {
    long lastArrival = wm.served().stream()
        .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElse(0);
    long wait = lastArrival + SLOW_RESPONSE_MILLIS + 150 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
