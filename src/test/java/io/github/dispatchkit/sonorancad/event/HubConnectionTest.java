package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import static io.github.dispatchkit.sonorancad.event.RawHub.completion;
import static io.github.dispatchkit.sonorancad.event.RawHub.invocationId;
import static io.github.dispatchkit.sonorancad.event.RawHub.pushEventAsObject;
import static io.github.dispatchkit.sonorancad.event.RawHub.pushEventAsString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.exception.HubException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.generated.model.HubResult;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import io.github.dispatchkit.sonorancad.generated.model.UnitLogoutData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub client against a raw loopback WebSocket server; time only moves when the test says. */
class HubConnectionTest {
  private static final String KEY = HubFixture.KEY;

  private final HubFixture fixture = new HubFixture();
  private final BlockingQueue<Event<?>> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<RawEvent> others = new LinkedBlockingQueue<>();
  private final RawHub hub;
  private final SonoranCadEvents sonoranEvents;

  HubConnectionTest() throws Exception {
    hub = fixture.rawHub();
    sonoranEvents = fixture.events();
    for (EventType<?> type : EventType.values()) {
      register(type);
    }
    sonoranEvents.onOther(others::add);
  }

  private <T> void register(EventType<T> type) {
    sonoranEvents.on(type, events::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private HubConnection connect() {
    return sonoranEvents.hub("community-1").serverId(2).url(hub.url()).onStateChange(fixture.states::add).connect();
  }

  @Test
  void handshakeThenAuthenticatev2WithPositionalArguments() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextSession();

    assertThat(hub.nextPath()).isEqualTo("/apiWsHub");
    assertThat(session.next()).isEqualTo("{\"protocol\":\"json\",\"version\":1}");
    session.send("{}");
    String auth = session.next();
    assertThat(auth).isEqualTo("{\"type\":1,\"invocationId\":\"0\",\"target\":\"authenticatev2\","
        + "\"arguments\":[\"community-1\",\"" + KEY + "\",2]}");
    session.send(completion("0", "{\"success\":true,\"error\":null,\"count\":3}"));

    HubResult result = connection.authenticated().get(10, TimeUnit.SECONDS);
    assertThat(result.count()).isEqualTo(3);
    assertThat(connection.state()).isEqualTo(HubState.AUTHENTICATED);
    assertThat(connection.toString()).doesNotContain(KEY);
  }

  @Test
  void withoutServerIdSendsTwoArguments() throws Exception {
    sonoranEvents.hub("community-1").withoutServerId().url(hub.url()).connect();
    RawHub.Session session = hub.nextSession();
    assertThat(session.acceptHandshake()).endsWith("\"arguments\":[\"community-1\",\"" + KEY + "\"]}");
  }

  @Test
  void refusedAuthenticationIsTypedStopsAndNeverShowsTheKey() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextSession();
    String auth = session.acceptHandshake();
    session.send(completion(invocationId(auth), "{\"success\":false,\"error\":\"Invalid API key " + KEY + "\",\"count\":0}"));

    assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(HubAuthenticationException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).contains("Invalid API key ***").doesNotContain(KEY);
          assertThat(((HubAuthenticationException) e).error()).doesNotContain(KEY);
        });
    assertThat(connection.state()).isEqualTo(HubState.FAILED);
    assertThat(fixture.errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(HubAuthenticationException.class);
    assertThat(fixture.scheduler.pendingDelays()).isEmpty(); // no reconnect, no keep-alive
  }

  @Test
  void hubErrorCompletionIsAnAuthenticationFailureToo() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextSession();
    String auth = session.acceptHandshake();
    session.send("{\"type\":3,\"invocationId\":\"" + invocationId(auth) + "\",\"error\":\"Method does not exist.\"}");

    assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(HubAuthenticationException.class).hasMessageContaining("Method does not exist.");
  }

  @Test
  void pushEventAsStringOrObjectEveryDocumentedExample() throws Exception {
    connect();
    RawHub.Session session = hub.nextSession();
    session.acceptAndAuthenticate();

    for (EventType<?> type : EventType.values()) {
      String json = Files.readString(Path.of("src/test/resources/events/" + type.name() + ".json"), StandardCharsets.UTF_8)
          .replace("YOUR_API_KEY", KEY);
      session.send(pushEventAsString(json));
      session.send(pushEventAsObject(json));
      for (int i = 0; i < 2; i++) {
        Event<?> event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as(type.name()).isNotNull();
        assertThat(event.type()).isSameAs(type);
        assertThat(event.delivery()).isEqualTo(Delivery.HUB);
      }
    }
    assertThat(fixture.errors).isEmpty();
    assertThat(others).isEmpty();
  }

  @Test
  void severalRecordsInOneFrameAndOneRecordAcrossFrames() throws Exception {
    connect();
    RawHub.Session session = hub.nextSession();
    session.acceptAndAuthenticate();

    String logout1 = pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":1}}");
    String logout2 = pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":2}}");
    session.send("{\"type\":6}", logout1, logout2);
    session.sendRaw(logout1.substring(0, 10));
    session.sendRaw(logout1.substring(10) + RawHub.RS);

    assertThat(List.of(identId(), identId(), identId())).containsExactly(1, 2, 1);
  }

  @Test
  void malformedFramesAreReportedAndTheStreamGoesOn() throws Exception {
    connect();
    RawHub.Session session = hub.nextSession();
    session.acceptAndAuthenticate();

    session.send("not json");
    session.send("{\"no\":\"type\"}");
    session.send("{\"type\":1,\"target\":\"pushEvent\",\"arguments\":[\"{broken\"]}");
    session.send("{\"type\":1,\"target\":\"pushEvent\",\"arguments\":[]}");
    session.send("{\"type\":1,\"target\":\"somethingElse\",\"arguments\":[1]}");
    session.send(pushEventAsObject("{\"type\":\"EVENT_SOMETHING_NEW\",\"data\":{\"a\":1}}"));
    session.send(pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":9}}"));

    assertThat(identId()).isEqualTo(9);
    assertThat(others.poll(10, TimeUnit.SECONDS).type()).isEqualTo("EVENT_SOMETHING_NEW");
    assertThat(fixture.errors).hasSize(5).allSatisfy(error -> assertThat(error).isInstanceOf(HubException.class));
  }

  @Test
  void droppedConnectionReconnectsWithBackoffAndAuthenticatesAgain() throws Exception {
    HubConnection connection = connect();
    RawHub.Session first = hub.nextAuthenticated(connection);

    first.drop();
    fixture.awaitState(HubState.RECONNECTING);
    // attempt 1: cap 1 s, equal jitter with random 0.5 -> 750 ms
    assertThat(fixture.scheduler.pendingDelays()).contains(Duration.ofMillis(750));
    fixture.scheduler.advance(Duration.ofMillis(750));

    RawHub.Session second = hub.nextSession();
    String auth = second.acceptAndAuthenticate();
    assertThat(auth).contains("\"target\":\"authenticatev2\"").contains("\"community-1\"");
    fixture.awaitState(HubState.AUTHENTICATED);
    assertThat(connection.authentications()).isEqualTo(2);

    second.send(pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":5}}"));
    assertThat(identId()).isEqualTo(5);
    assertThat(fixture.errors).allSatisfy(error -> assertThat(error.getMessage()).doesNotContain(KEY));
  }

  @Test
  void backoffGrowsWhileTheHubIsDownAndResetsAfterSuccess() throws Exception {
    connect();
    RawHub.Session first = hub.nextSession();
    first.acceptAndAuthenticate();
    fixture.awaitState(HubState.AUTHENTICATED);

    first.send("{\"type\":7,\"error\":\"Server shutting down\",\"allowReconnect\":true}");
    fixture.awaitState(HubState.RECONNECTING);
    fixture.scheduler.advance(Duration.ofMillis(750));
    RawHub.Session second = hub.nextSession();
    second.next(); // handshake
    second.send("{\"error\":\"Requested protocol 'json' is not available.\"}");
    fixture.awaitError("refused the handshake");
    // attempt 2: cap 2 s -> 1.5 s
    assertThat(fixture.scheduler.pendingDelays()).contains(Duration.ofMillis(1500));
    fixture.scheduler.advance(Duration.ofMillis(1500));
    RawHub.Session third = hub.nextSession();
    third.acceptAndAuthenticate();
    fixture.awaitState(HubState.AUTHENTICATED);
    // Stable for the server timeout (30 s, the hub answering each ping), then dropped: the backoff starts over.
    thirtySecondsOfKeepAlive(third);

    third.drop();
    fixture.awaitState(HubState.RECONNECTING);
    assertThat(fixture.scheduler.delays().get(fixture.scheduler.delays().size() - 1)).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void aHubThatDropsRightAfterAuthenticationIsRetriedEverMoreSlowly() throws Exception {
    connect();
    List<Duration> reconnects = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RawHub.Session session = hub.nextSession();
      session.acceptAndAuthenticate();
      fixture.awaitState(HubState.AUTHENTICATED);
      session.drop();
      fixture.awaitState(HubState.RECONNECTING);
      Duration delay = fixture.scheduler.delays().get(fixture.scheduler.delays().size() - 1);
      reconnects.add(delay);
      fixture.scheduler.advance(delay);
    }
    // Equal jitter at 0.5 of 1, 2, 4, 8 s: not reset by each short-lived authentication.
    assertThat(reconnects).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000),
        Duration.ofMillis(6000));
  }

  @Test
  void keepAlivePingsAndASilentHubCountsAsDropped() throws Exception {
    connect();
    RawHub.Session session = hub.nextSession();
    session.acceptAndAuthenticate();
    fixture.awaitState(HubState.AUTHENTICATED);

    thirtySecondsOfKeepAlive(session);
    // The hub's ping was received at 15 s; at 45 s it has been silent for 30 s.
    fixture.scheduler.advance(Duration.ofSeconds(15));
    fixture.awaitState(HubState.RECONNECTING);
    fixture.awaitError("no message from the hub");
  }

  @Test
  void unitLocationsGoInBatchesOf25NoFasterThanTheInterval() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextAuthenticated(connection);

    List<HubUnitLocation> updates = IntStream.rangeClosed(1, 30)
        .mapToObj(i -> HubUnitLocation.builder().communityUserId("player-" + i).location("Route " + i).build())
        .toList();
    CompletableFuture<List<HubResult>> sent = connection.sendUnitLocations(updates);

    String first = session.next();
    assertThat(first).contains("\"target\":\"unitLocation\"").contains("player-25").doesNotContain("player-26");
    assertThat(fixture.scheduler.pendingDelays()).contains(Duration.ofMillis(250));
    session.send(completion(invocationId(first), "{\"success\":true,\"count\":25}"));
    fixture.scheduler.advance(Duration.ofMillis(249));
    fixture.scheduler.advance(Duration.ofMillis(1));
    String second = session.next();
    assertThat(second).contains("player-26").contains("player-30");
    session.send(completion(invocationId(second), "{\"success\":true,\"count\":5}"));

    assertThat(sent.get(10, TimeUnit.SECONDS)).extracting(HubResult::count).containsExactly(25, 5);
  }

  @Test
  void refusedUnitLocationsFailTheFuture() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextAuthenticated(connection);

    CompletableFuture<List<HubResult>> sent = connection.sendUnitLocations(
        List.of(HubUnitLocation.builder().identId(1).location("Here").build()));
    String call = session.next();
    session.send(completion(invocationId(call), "{\"success\":false,\"error\":\"UNIT_LOCATION updates are limited to every 200ms.\"}"));

    assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class)
        .hasMessageContaining("limited to every 200ms");
    // The spec's rules for HubUnitLocation (x-require-any-of, minLength), checked before sending.
    assertThatThrownBy(() -> connection.sendUnitLocations(List.of(HubUnitLocation.builder().location("x").build())))
        .isInstanceOf(RequestValidationException.class)
        .hasMessage("unitLocation: updates[0].one of communityUserId, roblox, apiId, identId is required");
    assertThatThrownBy(() -> connection.sendUnitLocations(List.of(HubUnitLocation.builder().identId(1).location("").build())))
        .isInstanceOf(RequestValidationException.class).hasMessage("unitLocation: updates[0].location must not be empty");
    assertThatThrownBy(() -> connection.sendUnitLocations(List.of()))
        .isInstanceOf(RequestValidationException.class).hasMessage("unitLocation: updates must not be empty");
  }

  @Test
  void unitLocationsBeforeAuthenticationFailAtOnce() throws Exception {
    HubConnection connection = connect();
    assertThatThrownBy(() -> connection.sendUnitLocations(List.of(HubUnitLocation.builder().identId(1).location("x").build()))
        .get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HubException.class).hasMessageContaining("not authenticated");
  }

  @Test
  void closingTheEventsClosesTheConnection() throws Exception {
    HubConnection connection = connect();
    RawHub.Session session = hub.nextSession();
    session.acceptAndAuthenticate();
    fixture.awaitState(HubState.AUTHENTICATED);

    sonoranEvents.close();

    assertThat(connection.state()).isEqualTo(HubState.CLOSED);
    assertThat(session.next()).isEqualTo("<closed 1000>");
    assertThatThrownBy(() -> sonoranEvents.hub("community-1").url(hub.url()).connect())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theConnectionAndTheEventsNeverPrintTheKey() {
    HubConnection connection = connect();

    assertThat(connection.toString()).contains(hub.url()).contains("serverId=2").doesNotContain(KEY);
    assertThat(sonoranEvents.toString()).doesNotContain(KEY);
  }

  @Test
  void plainHttpHubOnlyOnLoopback() {
    assertThatThrownBy(() -> sonoranEvents.hub("c").url("ws://example.com/apiWsHub").connect())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("clear text");
  }

  /**
   * Moves time by two keep-alive intervals (30 s), checking the client's ping at each; the hub
   * answers the first with a ping, and the event sent after it shows the client read both.
   */
  private void thirtySecondsOfKeepAlive(RawHub.Session session) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      fixture.scheduler.advance(Duration.ofSeconds(15));
      assertThat(session.next()).isEqualTo("{\"type\":6}");
      if (i == 0) {
        session.send("{\"type\":6}", pushEventAsObject("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":1}}"));
        assertThat(identId()).isEqualTo(1);
      }
    }
  }

  private int identId() throws InterruptedException {
    Event<?> event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    return ((UnitLogoutData) event.data()).identId();
  }
}
