package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.benchmark.ClientBenchmark.Variant;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.internal.HttpStack;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The intermediate variants of {@code -Dbench.breakdown=true}, each adding one layer between the
 * hand-written call and the client, to show where a difference goes:
 * <ol>
 *   <li>hand-written on an OkHttpClient with the client's default timeouts (a 30 s call timeout
 *       arms OkHttp's watchdog on every call);
 *   <li>the generated Retrofit interface with Moshi's stock converter on a plain OkHttpClient that
 *       adds the same three headers;
 *   <li>the generated interface on the client's own {@link HttpStack} (its interceptors, converter
 *       and timeouts), without the client's validation, limiter and retry loop;
 *   <li>the whole client given a default {@code OkHttpClient} through {@code okHttpClient(...)},
 *       whose timeouts it then keeps: no call timeout, as in the hand-written call.
 * </ol>
 */
final class Breakdown {
  private static final SetUnitStatusRequest REQUEST = SetUnitStatusRequest.builder()
      .communityUserIds(List.of("player-1234"))
      .status(UnitStatus.ENROUTE)
      .build();

  private Breakdown() {
  }

  static void add(Map<String, Variant> variants, List<AutoCloseable> closeables, String baseUrl) {
    OkHttpClient timed = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(30))
        .build();
    closeables.add(() -> shutdown(timed));
    variants.put("hand-written, 30 s callTimeout",
        ClientBenchmark.handWritten(timed, baseUrl, "bench-breakdown-timed-" + UUID.randomUUID()));

    String plainAuthorization = "Bearer bench-breakdown-retrofit-" + UUID.randomUUID();
    OkHttpClient headers = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("Authorization", plainAuthorization)
            .header("Accept", "application/json")
            .header("User-Agent", HttpStack.USER_AGENT)
            .build()))
        .build();
    closeables.add(() -> shutdown(headers));
    SetUnitStatusHttp plain = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(headers)
        .addConverterFactory(MoshiConverterFactory.create(Json.MOSHI))
        .build()
        .create(SetUnitStatusHttp.class);
    variants.put("retrofit, plain OkHttp", () -> body(plain.setUnitStatus(1, REQUEST)));

    HttpStack stack = new HttpStack(
        ApiKey.of("bench-breakdown-stack-" + UUID.randomUUID()), HttpUrl.get(baseUrl), null, null, null, null, 16L << 20, null);
    closeables.add(stack);
    SetUnitStatusHttp onStack = stack.retrofit().create(SetUnitStatusHttp.class);
    variants.put("retrofit on client's HttpStack", () -> body(onStack.setUnitStatus(1, REQUEST)));

    OkHttpClient untimed = new OkHttpClient();
    closeables.add(() -> shutdown(untimed));
    SonoranCadClient client = SonoranCadClient.builder()
        .apiKey("bench-breakdown-client-" + UUID.randomUUID())
        .baseUrl(baseUrl)
        .okHttpClient(untimed)
        .rateLimitWindow(Duration.ofMillis(1))
        .build();
    closeables.add(client);
    variants.put("client on default OkHttpClient", () -> client.emergency().units().setUnitStatus(REQUEST).updated());
  }

  private static int body(Call<SetUnitStatusResponse> call) throws IOException {
    Response<SetUnitStatusResponse> response = call.execute();
    SetUnitStatusResponse body = response.body();
    if (!response.isSuccessful() || body == null) {
      throw new IOException("HTTP " + response.code());
    }
    return body.updated();
  }

  private static void shutdown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** The operation's Retrofit interface as a hand-written client would declare it, without the client's layers. */
  interface SetUnitStatusHttp {
    @retrofit2.http.PATCH("v2/emergency/servers/{serverId}/units/status")
    Call<SetUnitStatusResponse> setUnitStatus(
        @retrofit2.http.Path("serverId") int serverId, @retrofit2.http.Body SetUnitStatusRequest request);
  }
}
