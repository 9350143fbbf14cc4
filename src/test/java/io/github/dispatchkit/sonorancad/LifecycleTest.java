package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LifecycleTest {
  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  @Test
  void asyncCallsCompleteWithTypedResults() throws Exception {
    try (SonoranCadClient client = api.client().build()) {
      var status = client.emergency().units().setUnitStatusAsync(4,
          SetUnitStatusRequest.builder().identIds(List.of(42)).status(UnitStatus.ENROUTE).build());
      var created = client.emergency().identifiers().createIdentifierAsync(ClientTestServer.ACCOUNT,
          CreateIdentifierRequest.builder().build());
      assertThat(status.get(10, TimeUnit.SECONDS).status().value()).isEqualTo("ENROUTE");
      assertThat(created.get(10, TimeUnit.SECONDS).identId()).isEqualTo(42);
    }
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void closeLeavesACallerSuppliedOkHttpClientUsable() throws Exception {
    OkHttpClient mine = new OkHttpClient();
    try (SonoranCadClient client = api.client().okHttpClient(mine).build();
        SonoranCadClient derived = client.withOptions(options -> options.defaultServerId(2))) {
      derived.emergency().units().setUnitStatus(
          SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.BUSY).build());
      assertThat(mine.interceptors()).as("never modified").isEmpty();
      assertThat(mine.networkInterceptors()).isEmpty();
    }
    try (var response = mine.newCall(new Request.Builder().url(api.server.baseUrl() + "/health").build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
    }
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    api.server.verify(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v2/emergency/servers/2/units/status")));
  }

  /**
   * Cancelling an async call's future cancels the HTTP call in flight: the server, which never
   * answers, sees the client close the connection. Before the fix the call ran on until its timeout.
   */
  @Test
  void cancellingTheFutureClosesTheConnectionInFlight() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SonoranCadClient client = SonoranCadClient.builder().apiKey(api.apiKey)
            .baseUrl("http://127.0.0.1:" + silent.getLocalPort()).build()) {
      CompletableFuture<?> call = client.emergency().units().setUnitStatusAsync(
          SetUnitStatusRequest.builder().identIds(List.of(42)).status(UnitStatus.ENROUTE).build());
      try (Socket connection = silent.accept()) {
        connection.setSoTimeout(10_000);
        InputStream in = connection.getInputStream();
        String head = readHead(in);
        assertThat(head).startsWith("PATCH /v2/emergency/servers/1/units/status");

        assertThat(call.cancel(true)).isTrue();

        assertThat(drain(in)).as("the client closed the connection (end of stream)").isEqualTo(-1);
      }
      Assertions.assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return new String(head.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  /** Reads until the end of stream (the request body comes first) and returns the last read, -1. */
  private static int drain(InputStream in) throws Exception {
    int read;
    do {
      read = in.read();
    } while (read >= 0);
    return read;
  }
}
