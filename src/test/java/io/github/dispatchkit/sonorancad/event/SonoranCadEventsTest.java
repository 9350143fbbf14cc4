package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Who releases the OkHttp client the websockets use. */
class SonoranCadEventsTest {
  @Test
  void closeReleasesTheOkHttpClientItCreated() {
    SonoranCadEvents events = SonoranCadEvents.builder(SonoranCadClient.builder().apiKey("events-key").buildOptions()).build();
    OkHttpClient created = events.okHttpClient();

    events.close();

    assertThat(created.dispatcher().executorService().isShutdown()).isTrue();
  }

  @Test
  void closeLeavesACallerSuppliedOkHttpClientUntouched() {
    OkHttpClient caller = new OkHttpClient();
    try {
      SonoranCadEvents events = SonoranCadEvents.builder(SonoranCadClient.builder().apiKey("events-key").buildOptions())
          .okHttpClient(caller).build();
      assertThat(events.okHttpClient().dispatcher()).isSameAs(caller.dispatcher());

      events.close();

      assertThat(caller.dispatcher().executorService().isShutdown()).isFalse();
    } finally {
      caller.dispatcher().executorService().shutdown();
    }
  }
}
