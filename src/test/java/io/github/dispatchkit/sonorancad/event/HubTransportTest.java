package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub's transport rules, as REST's: the User-Agent, the HTTP log with the key redacted, and plain
 * http or ws to a host other than this machine only when allowed. The non-loopback host
 * {@value #HOST} resolves, through the client's own DNS, to 127.0.0.1: nothing leaves the machine.
 */
@Timeout(60)
class HubTransportTest {
  private static final String KEY = HubFixture.KEY;
  private static final String HOST = "hub.invalid";

  private final HubFixture fixture = new HubFixture();
  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private final OkHttpClient loopbackDns = fixture.closeLater(new OwnedClient(new OkHttpClient.Builder()
      .dns(host -> {
        lookups.add(host);
        return List.of(InetAddress.getByName("127.0.0.1"));
      })
      .build())).client;

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void theUpgradeCarriesTheLibrarysUserAgentAndOffersNoCompression() throws Exception {
    RawHub hub = fixture.rawHub();
    HubConnection connection = fixture.events().hub("c").url(hub.url()).connect();
    hub.nextAuthenticated(connection);

    RecordedRequest upgrade = hub.nextRequest(Duration.ofSeconds(10));
    assertThat(upgrade.getHeader("User-Agent")).matches("sonoran-cad-client-java/\\d+\\.\\d+\\.\\d+.*");
    assertThat(upgrade.getHeader("Sec-WebSocket-Extensions")).isNull(); // a compressed frame could pass the cap
  }

  @Test
  void theUpgradeIsLoggedAsSentWithTheKeyRedacted() throws Exception {
    RawHub hub = fixture.rawHub();
    hub.addUpgradeHeader("X-Echo", "token " + KEY.toUpperCase(Locale.ROOT));
    List<String> lines = new CopyOnWriteArrayList<>();
    SonoranCadEvents events = fixture.events(SonoranCadEvents.builder(fixture.options().httpLogger(lines::add).buildOptions())
        .executor(Runnable::run));
    String url = hub.url() + "?access_token=" + KEY;
    HubConnection connection = events.hub("c").url(url).connect();
    hub.nextAuthenticated(connection);

    assertThat(lines).contains("--> GET " + hub.url() + "?access_token=***", "X-Echo: token ***")
        .anySatisfy(line -> assertThat(line).matches("User-Agent: sonoran-cad-client-java/\\d+\\.\\d+\\.\\d+.*"))
        .anySatisfy(line -> assertThat(line).startsWith("<-- 101 GET " + hub.url() + "?access_token=*** ("))
        .noneSatisfy(line -> assertThat(line.toLowerCase(Locale.ROOT)).contains(KEY.toLowerCase(Locale.ROOT)));
  }

  @Test
  void plainWsToAnotherHostIsRefusedBeforeAnyIo() throws Exception {
    RawHub hub = fixture.rawHub();
    SonoranCadEvents events = fixture.events(SonoranCadEvents.builder(fixture.options().buildOptions()).okHttpClient(loopbackDns));
    String url = hub.url().replace("http://127.0.0.1", "ws://" + HOST) + "?k=" + KEY;

    assertThatThrownBy(() -> events.hub("c").url(url).connect())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("hub URL http://" + HOST + ":" + hub.port() + "/apiWsHub?k=*** is plain http on a non-loopback"
            + " host, which would send the API key in clear text: use https or wss, or allowInsecureHttp(true)");
    assertThat(lookups).isEmpty();
    assertThat(hub.nextRequest(Duration.ofMillis(200))).isNull();
  }

  @Test
  void plainWsToAnotherHostConnectsWhenAllowed() throws Exception {
    RawHub hub = fixture.rawHub();
    SonoranCadEvents events = fixture.events(SonoranCadEvents.builder(fixture.options().allowInsecureHttp(true).buildOptions())
        .executor(Runnable::run).okHttpClient(loopbackDns));
    String url = hub.url().replace("http://127.0.0.1", "ws://" + HOST);

    HubConnection connection = events.hub("c").url(url).connect();
    hub.nextAuthenticated(connection);

    assertThat(connection.state()).isEqualTo(HubState.AUTHENTICATED);
    assertThat(lookups).containsExactly(HOST);
    assertThat(hub.nextRequest(Duration.ofSeconds(10)).getHeader("Host")).isEqualTo(HOST + ":" + hub.port());
  }

  /** A test's own OkHttp client, whose threads end with the test. */
  private record OwnedClient(OkHttpClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
