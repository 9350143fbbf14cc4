package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertServedBy;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.onlyExchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import io.github.dispatchkit.sonorancad.exception.BadRequestException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented error answers of both operations: {@code application/problem+json} 400, 401 and
 * 404, and the gateway's 429 with and without {@code Retry-After}, each as its typed exception.
 */
class ErrorContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private final FakeTime time = new FakeTime();
  private final String apiKey = Stubs.uniqueKey();

  static Stream<Arguments> problems() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Operation operation : Operation.values()) {
      cases.add(Arguments.of(operation, 400, BadRequestException.class, "problem-400-status-required.json"));
      cases.add(Arguments.of(operation, 401, AuthenticationException.class, "problem-401-missing-authorization.json"));
      cases.add(Arguments.of(operation, 404, NotFoundException.class, "problem-404-server-not-configured.json"));
    }
    return cases.build();
  }

  /** Every problem field reaches the exception; a 4xx is never retried, not even when idempotent. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("problems")
  void problemJson_givesTheTypedException_withEveryProblemField(
      Operation operation, int status, Class<? extends SonoranCadServiceException> type, String bodyFile) {
    wm.server().stubFor(operation.anyRequest().willReturn(Stubs.problem(status, bodyFile)));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    JsonNode problem = Stubs.bodyFileJson(bodyFile);
    assertThat(thrown).isInstanceOf(type);
    SonoranCadServiceException e = (SonoranCadServiceException) thrown;
    assertThat(e.operationId()).isEqualTo(operation.operationId);
    assertThat(e.statusCode()).isEqualTo(status).isEqualTo(problem.path("status").asInt());
    assertThat(e.problemType()).isEqualTo(problem.path("type").asText()).isEqualTo("https://httpstatuses.com/" + status);
    assertThat(e.title()).isEqualTo(problem.path("title").asText());
    assertThat(e.detail()).isEqualTo(problem.path("detail").asText());
    assertThat(e.instance()).isEqualTo(problem.path("instance").asText());
    assertThat(e.traceId()).isEqualTo(problem.path("traceId").asText()).isEqualTo("00-abc123...");
    assertThat(e.requestId()).isNull();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.bodySnippet()).startsWith("{").contains("\"title\"");
    assertThat(e.getMessage()).contains(String.valueOf(status), e.title(), e.detail(), e.traceId());
    assertThat(wm.server().countRequestsMatching(operation.documentedRequestPattern(apiKey).build()).getCount())
        .as("sent once, not retried").isEqualTo(1);
    assertThat(wm.served()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  /** The documented 401 example, field by field. */
  @Test
  void documented401Example_fieldByField() {
    wm.server().stubFor(Operation.SET_UNIT_STATUS.anyRequest()
        .willReturn(Stubs.problem(401, "problem-401-missing-authorization.json")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> Operation.SET_UNIT_STATUS.call(client));
    }

    assertThat(thrown).isInstanceOfSatisfying(AuthenticationException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(401);
      assertThat(e.problemType()).isEqualTo("https://httpstatuses.com/401");
      assertThat(e.title()).isEqualTo("Unauthorized");
      assertThat(e.detail()).isEqualTo("Missing Authorization header.");
      assertThat(e.instance()).isEqualTo("/v2/emergency/servers/1/units");
      assertThat(e.traceId()).isEqualTo("00-abc123...");
    });
  }

  /** 404: the requested serverId is not configured for the community (the stub file for server 99). */
  @Test
  void serverNotConfigured_isNotFoundException() {
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> client.emergency().units().setUnitStatus(99, Operation.documentedSetUnitStatus()));
    }

    assertThat(thrown).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(404);
      assertThat(e.problemType()).isEqualTo("https://httpstatuses.com/404");
      assertThat(e.title()).isEqualTo("Not Found");
      assertThat(e.detail()).isEqualTo("Server 99 is not configured for this community.");
      assertThat(e.instance()).isEqualTo("/v2/emergency/servers/99/units/status");
      assertThat(e.traceId()).isEqualTo("00-abc123...");
    });
    assertServedBy(onlyExchange(wm), "error-404-server-not-configured");
  }

  /** The documented 429 body, from the stub file (any key starting with rate-limited-). */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void documented429_isRateLimitException_withMessageAndRequestId(Operation operation) {
    Throwable thrown;
    try (SonoranCadClient client = wm.client("rate-limited-" + Stubs.uniqueKey(), time).maxRetries(0).build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    assertThat(thrown).isInstanceOfSatisfying(RateLimitException.class, e -> {
      assertThat(e.operationId()).isEqualTo(operation.operationId);
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.detail()).isEqualTo("API rate limit exceeded");
      assertThat(e.requestId()).isEqualTo("9457fb389b3729164e453e4db4328909");
      assertThat(e.problemType()).isNull();
      assertThat(e.traceId()).isNull();
      assertThat(e.retryAfter()).isEmpty();
      assertThat(e.getMessage()).contains("429", "API rate limit exceeded", "9457fb389b3729164e453e4db4328909");
    });
    assertServedBy(onlyExchange(wm), "error-429-rate-limit-exceeded");
  }

  /** Stubs a 429 with {@code retryAfter} (or none) for the first request, then the documented 200. */
  private void stub429Then200(Operation operation, String retryAfter) {
    var limited = Stubs.rateLimited();
    if (retryAfter != null) {
      limited.withHeader("Retry-After", retryAfter);
    }
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .inScenario("429").whenScenarioStateIs(STARTED)
        .willReturn(limited).willSetStateTo("limited once"));
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .inScenario("429").whenScenarioStateIs("limited once")
        .willReturn(Stubs.json(200, operation.documentedResponse)));
  }

  private Object callExpectingSuccess(Operation operation) {
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      return operation.call(client);
    }
  }

  private long documentedRequests(Operation operation) {
    return wm.server().countRequestsMatching(operation.documentedRequestPattern(apiKey).build()).getCount();
  }

  /** Retry-After in seconds: the client waits exactly that long, then resends the same request. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void retryAfterSeconds_waitsThatLong_thenResendsTheSameRequest(Operation operation) {
    stub429Then200(operation, "2");

    operation.assertDocumentedResult(callExpectingSuccess(operation));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(documentedRequests(operation)).isEqualTo(2);
    assertThat(wm.served()).hasSize(2);
  }

  /** Retry-After as an HTTP-date: the client waits until then, by its clock. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void retryAfterHttpDate_waitsUntilThatDate(Operation operation) {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(FakeTime.START.plusSeconds(7).atZone(ZoneOffset.UTC));
    stub429Then200(operation, date);

    operation.assertDocumentedResult(callExpectingSuccess(operation));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(documentedRequests(operation)).isEqualTo(2);
  }

  /**
   * RFC 9110 (section 5.6.7), which the spec cites for Retry-After: a recipient MUST accept all
   * three HTTP-date formats, including the obsolete RFC 850 and asctime ones.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Monday, 23-Nov-26 12:00:07 GMT", "Mon Nov 23 12:00:07 2026"})
  void retryAfterObsoleteHttpDateForms_waitUntilThatDate(String date) {
    stub429Then200(Operation.SET_UNIT_STATUS, date);

    Operation.SET_UNIT_STATUS.assertDocumentedResult(callExpectingSuccess(Operation.SET_UNIT_STATUS));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  /** No Retry-After: a backoff of 0.5 s with jitter (between 250 and 500 ms) before the retry. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void retryAfterAbsent_backsOff_thenResends(Operation operation) {
    stub429Then200(operation, null);

    operation.assertDocumentedResult(callExpectingSuccess(operation));

    assertThat(time.sleeps()).singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(500)));
    assertThat(documentedRequests(operation)).isEqualTo(2);
  }

  /** A wait longer than maxRetryWait is not slept: the 429 is thrown at once with the wait asked. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void retryAfterLongerThanMaxRetryWait_throwsAtOnce(Operation operation) {
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .willReturn(Stubs.rateLimited().withHeader("Retry-After", "30")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).maxRetryWait(Duration.ofSeconds(10)).build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    assertThat(thrown).isInstanceOfSatisfying(RateLimitException.class, e -> {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(e.requestId()).isEqualTo("9457fb389b3729164e453e4db4328909");
    });
    assertThat(time.sleeps()).isEmpty();
    assertThat(documentedRequests(operation)).isEqualTo(1);
  }

  /**
   * Like the official SDKs, a 429 is retried up to 2 times by default (even Create Identifier: the
   * gateway refused it before the API saw it); then the RateLimitException carries the gateway body.
   */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void persistent429_isRetriedTwiceByDefault_thenRateLimitException(Operation operation) {
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .willReturn(Stubs.rateLimited().withHeader("Retry-After", "1")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    assertThat(thrown).isInstanceOfSatisfying(RateLimitException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.detail()).isEqualTo("API rate limit exceeded");
      assertThat(e.requestId()).isEqualTo("9457fb389b3729164e453e4db4328909");
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    });
    assertThat(documentedRequests(operation)).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
