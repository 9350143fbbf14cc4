package io.github.dispatchkit.sonorancad.contract;

import static io.github.dispatchkit.sonorancad.contract.Exchanges.assertServedBy;
import static io.github.dispatchkit.sonorancad.contract.Exchanges.onlyExchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Authentication page: Bearer API key on every v2 request, Accept JSON, the base URL, 401s. */
class AuthContractTest {
  @RegisterExtension
  static final ContractServer wm = new ContractServer();

  private final FakeTime time = new FakeTime();
  private final String apiKey = Stubs.uniqueKey();

  /** Authorization: Bearer with the API key, and Accept: application/json, application/problem+json, on both operations. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void everyRequest_carriesTheBearerApiKey_andAcceptsJson(Operation operation) {
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      operation.assertDocumentedResult(operation.call(client));
    }

    LoggedRequest request = onlyExchange(wm).getRequest();
    assertThat(request.getHeaders().getHeader("Authorization").values()).containsExactly("Bearer " + apiKey);
    assertThat(request.getHeaders().getHeader("Accept").values()).containsExactly(Stubs.ACCEPT);
  }

  /** Not Bearer is a 401 cause: a caller's interceptor cannot swap the scheme nor the Accept header. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void callerInterceptor_cannotReplaceTheBearerScheme(Operation operation) {
    OkHttpClient caller = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("Authorization", "Basic dXNlcjpwYXNz")
            .header("Accept", "text/html")
            .build()))
        .build();
    try (SonoranCadClient client = wm.client(apiKey, time).okHttpClient(caller).build()) {
      operation.assertDocumentedResult(operation.call(client));
    } finally {
      caller.dispatcher().executorService().shutdown();
      caller.connectionPool().evictAll();
    }

    LoggedRequest request = onlyExchange(wm).getRequest();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + apiKey);
    assertThat(request.getHeader("Accept")).isEqualTo(Stubs.ACCEPT);
  }

  /** Missing Authorization header: the documented 401 problem (the stub file's trigger). */
  @Test
  void missingAuthorization_getsTheDocumented401Problem() {
    Map<String, String> headers = RawHttp.documentedHeaders("unused");
    headers.remove("Authorization");

    RawHttp.Result result = RawHttp.send(wm.baseUrl(), "PATCH", "/v2/emergency/servers/1/units/status", headers,
        Stubs.SET_UNIT_STATUS_EXAMPLE);

    assertThat(result.status).isEqualTo(401);
    assertThat(result.contentType).isEqualTo("application/problem+json");
    assertThat(Exchanges.json(result.body)).isEqualTo(Exchanges.json(
        "{\"type\":\"https://httpstatuses.com/401\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"Missing Authorization header.\",\"instance\":\"/v2/emergency/servers/1/units\","
            + "\"traceId\":\"00-abc123...\"}"));
    assertServedBy(onlyExchange(wm), "error-401-missing-authorization");
  }

  /** An invalid API key is a 401: AuthenticationException, never retried. */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void invalidApiKey_isAuthenticationException_sentOnce(Operation operation) {
    wm.server().stubFor(operation.documentedRequestStub(apiKey)
        .willReturn(Stubs.problem(401, "problem-401-missing-authorization.json")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> operation.call(client));
    }

    assertThat(thrown).isInstanceOfSatisfying(AuthenticationException.class,
        e -> assertThat(e.statusCode()).isEqualTo(401));
    assertThat(wm.served()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  /** The API key never appears in what the client reports about a failure. */
  @Test
  void apiKey_isNotInExceptionMessages() {
    wm.server().stubFor(Operation.SET_UNIT_STATUS.anyRequest()
        .willReturn(Stubs.problem(401, "problem-401-missing-authorization.json")));
    Throwable thrown;
    try (SonoranCadClient client = wm.client(apiKey, time).build()) {
      thrown = catchThrowable(() -> Operation.SET_UNIT_STATUS.call(client));
      assertThat(client.toString()).doesNotContain(apiKey);
    }

    assertThat(thrown.getMessage()).doesNotContain(apiKey);
  }

  /** The documented base URL is the default. */
  @Test
  void defaultBaseUrl_isTheDocumentedOne() {
    assertThat(SonoranCadClient.DEFAULT_BASE_URL).isEqualTo(Stubs.PRODUCTION_BASE_URL + "/");
    try (SonoranCadClient client = SonoranCadClient.builder().apiKey(apiKey).build()) {
      assertThat(client.toString()).contains("baseUrl=https://api.sonorancad.com/");
    }
  }
}
