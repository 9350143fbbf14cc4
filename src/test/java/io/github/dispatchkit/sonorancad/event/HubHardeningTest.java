package io.github.dispatchkit.sonorancad.event;

import static io.github.dispatchkit.sonorancad.event.RawHub.completion;
import static io.github.dispatchkit.sonorancad.event.RawHub.invocationId;
import static io.github.dispatchkit.sonorancad.event.RawHub.pushEventAsObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub client against hubs that stall, redirect, refuse, flood, send huge frames or echo the key. */
@Timeout(60)
class HubHardeningTest {
  private static final String KEY = HubFixture.KEY;

  private final HubFixture fixture = new HubFixture();

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void aStalledUpgradeIsDroppedAfterTheTimeoutAndRetried() throws Exception {
    StalledServer stalled = new StalledServer();
    fixture.events().hub("c").url(stalled.url()).onStateChange(fixture.states::add).connect();
    stalled.awaitConnection();

    fixture.scheduler.advance(Duration.ofSeconds(10));

    fixture.awaitError("no answer to the websocket upgrade within 10000 ms");
    fixture.awaitState(HubState.RECONNECTING);
    fixture.scheduler.advance(Duration.ofMillis(750));
    stalled.awaitConnection(); // a second attempt, after the backoff
  }

  @Test
  void aStalledAuthenticationIsDroppedAfterTheTimeout() throws Exception {
    RawHub hub = fixture.rawHub();
    HubConnection connection = fixture.events().hub("c").url(hub.url()).handshakeTimeout(Duration.ofSeconds(5))
        .onStateChange(fixture.states::add).connect();
    RawHub.Session session = hub.nextSession();
    assertThat(session.acceptHandshake()).contains("authenticatev2"); // never answered

    fixture.scheduler.advance(Duration.ofSeconds(5));

    fixture.awaitError("no answer to the SignalR handshake and authenticatev2 within 5000 ms");
    fixture.awaitState(HubState.RECONNECTING);
    assertThat(connection.authenticated()).isNotDone(); // still trying
  }

  @Test
  void closeCutsAStalledConnectionAndTheOwnedOkHttpClientLeavesNoThread() throws Exception {
    StalledServer stalled = new StalledServer();
    SonoranCadEvents events = SonoranCadEvents.builder(fixture.options().buildOptions()).build(); // its own OkHttp client and threads
    fixture.closeLater(events);
    HubConnection connection = events.hub("c").url(stalled.url()).connect();
    stalled.awaitConnection();

    events.close();

    assertThat(connection.state()).isEqualTo(HubState.CLOSED);
    assertThat(events.okHttpClient().dispatcher().executorService().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> !thread.isDaemon()
        && thread.getName().contains(":" + stalled.port()));
    assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(HubException.class).hasMessageContaining("closed by the application");
  }

  @Test
  void closeAfterAuthenticationLeavesTheCallersClientRunning() throws Exception {
    RawHub hub = fixture.rawHub();
    OkHttpClient mine = new OkHttpClient();
    try {
      SonoranCadEvents events = SonoranCadEvents.builder(fixture.options().buildOptions()).okHttpClient(mine).build();
      fixture.closeLater(events);
      HubConnection connection = events.hub("c").url(hub.url()).connect();
      hub.nextAuthenticated(connection);

      events.close();

      assertThat(connection.state()).isEqualTo(HubState.CLOSED);
      assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (mine.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(mine.dispatcher().runningCallsCount()).isZero(); // the websocket's reader is gone
    } finally {
      mine.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void aRedirectIsNotFollowedAndTheKeyGoesNowhere() throws Exception {
    RawHub elsewhere = fixture.rawHub();
    MockWebServer redirecting = new MockWebServer();
    redirecting.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", elsewhere.url()));
    redirecting.start(InetAddress.getByName("127.0.0.1"), 0);
    fixture.closeLater(redirecting::shutdown);
    String url = "http://127.0.0.1:" + redirecting.getPort() + "/apiWsHub";

    HubConnection connection = fixture.events().hub("c").url(url).connect();

    assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(HubException.class)
        .hasMessageContaining("the hub at " + url + " answered HTTP 307")
        .hasMessageContaining("redirects are not followed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    assertThat(connection.state()).isEqualTo(HubState.FAILED);
    assertThat(elsewhere.nextPath(Duration.ofMillis(200))).isNull(); // nothing reached the redirect target
    assertThat(redirecting.getRequestCount()).isEqualTo(1);
    assertThat(fixture.scheduler.pendingDelays()).isEmpty(); // no reconnect
  }

  @Test
  void aHubUrlThatAnswers404FailsAtOnceNamingTheUrl() throws Exception {
    MockWebServer notFound = new MockWebServer();
    notFound.enqueue(new MockResponse().setResponseCode(404).setBody("Cannot GET /wrong"));
    notFound.start(InetAddress.getByName("127.0.0.1"), 0);
    fixture.closeLater(notFound::shutdown);
    String url = "http://127.0.0.1:" + notFound.getPort() + "/wrong";

    HubConnection connection = fixture.events().hub("c").url(url).onStateChange(fixture.states::add).connect();

    assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(HubException.class)
        .hasMessage("hub: the hub at " + url + " answered HTTP 404 to the websocket upgrade; check the hub URL (not retried)");
    fixture.awaitState(HubState.FAILED);
    assertThat(fixture.scheduler.pendingDelays()).isEmpty();
    assertThat(fixture.errors.poll(10, TimeUnit.SECONDS)).hasMessageContaining("HTTP 404");
  }

  @Test
  void aServerErrorOnTheUpgradeIsRetried() throws Exception {
    MockWebServer failing = new MockWebServer();
    failing.enqueue(new MockResponse().setResponseCode(503));
    failing.start(InetAddress.getByName("127.0.0.1"), 0);
    fixture.closeLater(failing::shutdown);

    fixture.events().hub("c").url("http://127.0.0.1:" + failing.getPort() + "/apiWsHub").onStateChange(fixture.states::add).connect();

    fixture.awaitState(HubState.RECONNECTING);
    fixture.awaitError("HTTP 503");
  }

  @Test
  void aFloodBehindASlowHandlerIsBoundedAndEveryDropReported() throws Exception {
    RawHub hub = fixture.rawHub();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    SonoranCadEvents events = fixture.events(SonoranCadEvents.builder(fixture.options().buildOptions()).maxQueuedEvents(1000));
    events.on(EventType.UNIT_LOGOUT, event -> {
      release.await(30, TimeUnit.SECONDS);
      handled.incrementAndGet();
    });
    HubConnection connection = events.hub("c").url(hub.url()).onStateChange(fixture.states::add).connect();
    RawHub.Session session = hub.nextAuthenticated(connection);

    int total = 100_000;
    String record = pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":1}}");
    String[] frame = new String[1000];
    java.util.Arrays.fill(frame, record);
    for (int sent = 0; sent < total; sent += frame.length) {
      session.sendPaced(frame);
    }
    session.send("{\"type\":7}");
    fixture.awaitState(HubState.RECONNECTING); // the close after the flood: every event before it was read
    long dropped = 0;
    Pattern count = Pattern.compile("dropped (\\d+) events and \\d+ error reports");
    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (handled.get() + dropped < total && System.nanoTime() < deadline) {
      SonoranCadException error = fixture.errors.poll(100, TimeUnit.MILLISECONDS);
      Matcher matcher = count.matcher(error == null ? "" : error.getMessage());
      if (matcher.find()) {
        dropped += Long.parseLong(matcher.group(1));
      }
    }
    assertThat(handled.get() + dropped).isEqualTo(total);
    assertThat(handled.get()).isBetween(1, 1000); // at most 1000 in the handler or waiting for it
  }

  @Test
  void aHugeMessageDropsTheConnectionBeforeItIsRead() throws Exception {
    RawHub.Session session = authenticatedWithA64KiBCap();

    session.sendRaw("x".repeat(8 << 20));

    fixture.awaitError("the hub sent a message over maxMessageBytes (65536)");
    fixture.awaitState(HubState.RECONNECTING);
  }

  @Test
  void aRecordSplitOverMessagesIsCappedToo() throws Exception {
    RawHub.Session session = authenticatedWithA64KiBCap();

    for (int i = 0; i < 3; i++) {
      session.sendRaw("y".repeat(30 * 1024)); // each message under the cap, no record separator
    }

    fixture.awaitError("the hub sent a record over 65536 characters");
    fixture.awaitState(HubState.RECONNECTING);
  }

  @Test
  void hubTextsThatEchoTheKeyAreMasked() throws Exception {
    RawHub hub = fixture.rawHub();
    BlockingQueue<RawEvent> others = new LinkedBlockingQueue<>();
    SonoranCadEvents events = fixture.events();
    events.onOther(others::add);
    HubConnection connection = events.hub("c").url(hub.url()).connect();
    RawHub.Session session = hub.nextAuthenticated(connection);
    String escaped = KEY.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat);

    session.send("{\"type\":1,\"target\":\"" + escaped + "\",\"arguments\":[]}");
    session.send("{\"type\":1,\"target\":\"pushEvent\",\"arguments\":[\"" + KEY + " {\"]}");
    session.send(pushEventAsObject("{\"type\":\"event_" + escaped + "\",\"data\":{}}"));
    session.send(pushEventAsObject("{\"key\":\"x\",\"type\":\"" + KEY + "\",\"data\":{}}"));
    session.send("{\"type\":7,\"error\":\"bye " + escaped + "\"}");

    assertThat(others.poll(10, TimeUnit.SECONDS).type()).isEqualTo("event_***");
    List<String> messages = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SonoranCadException error = fixture.errors.poll(10, TimeUnit.SECONDS);
      assertThat(error).isNotNull();
      messages.add(error.getMessage() + " " + error.operationId());
    }
    assertThat(messages).allSatisfy(message -> assertThat(message).doesNotContain(KEY)
        .doesNotContain(KEY.toUpperCase(java.util.Locale.ROOT)));
    assertThat(messages.get(0)).contains("unknown client method ***");
    assertThat(messages.get(3)).contains("the hub closed the connection: bye ***");
  }

  @Test
  void aCompletionForAnUnknownInvocationIsIgnored() throws Exception {
    RawHub hub = fixture.rawHub();
    HubConnection connection = fixture.events().hub("c").url(hub.url()).connect();
    RawHub.Session session = hub.nextSession();
    String auth = session.acceptHandshake();
    session.send(completion("999", "{\"success\":true}"));
    session.send(completion(invocationId(auth), "{\"success\":true,\"count\":1}"));

    assertThat(connection.authenticated().get(10, TimeUnit.SECONDS).count()).isEqualTo(1);
  }

  /** Returns the hub's side of a connection authenticated with {@code maxMessageBytes} 64 KiB. */
  private RawHub.Session authenticatedWithA64KiBCap() throws Exception {
    RawHub hub = fixture.rawHub();
    HubConnection connection = fixture.events().hub("c").url(hub.url()).maxMessageBytes(64 * 1024)
        .onStateChange(fixture.states::add).connect();
    RawHub.Session session = hub.nextAuthenticated(connection);
    return session;
  }

  /** Accepts TCP connections on 127.0.0.1 and never answers: a hub stuck before the upgrade. */
  private final class StalledServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    StalledServer() throws Exception {
      fixture.closeLater(this);
      acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(server.accept());
          }
        } catch (Exception closed) {
          // the test is over
        }
      }, "stalled-hub");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    String url() {
      return "http://127.0.0.1:" + port() + "/apiWsHub";
    }

    void awaitConnection() throws InterruptedException {
      assertThat(accepted.poll(10, TimeUnit.SECONDS)).as("a connection").isNotNull();
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
