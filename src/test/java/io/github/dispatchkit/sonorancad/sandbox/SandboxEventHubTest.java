package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.event.Delivery;
import io.github.dispatchkit.sonorancad.event.Event;
import io.github.dispatchkit.sonorancad.event.EventType;
import io.github.dispatchkit.sonorancad.event.HubConnection;
import io.github.dispatchkit.sonorancad.event.PushListener;
import io.github.dispatchkit.sonorancad.event.SonoranCadEvents;
import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.generated.model.AddCallNoteRequest;
import io.github.dispatchkit.sonorancad.generated.model.AttachUnitsRequest;
import io.github.dispatchkit.sonorancad.generated.model.Call911;
import io.github.dispatchkit.sonorancad.generated.model.Call911Data;
import io.github.dispatchkit.sonorancad.generated.model.CallOrigin;
import io.github.dispatchkit.sonorancad.generated.model.CallStatus;
import io.github.dispatchkit.sonorancad.generated.model.CloseDispatchCallsRequest;
import io.github.dispatchkit.sonorancad.generated.model.Create911CallRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateDispatchCallRequest;
import io.github.dispatchkit.sonorancad.generated.model.DispatchCall;
import io.github.dispatchkit.sonorancad.generated.model.DispatchClosedData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchEventData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchNoteData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchUnitData;
import io.github.dispatchkit.sonorancad.generated.model.HubUnitLocation;
import io.github.dispatchkit.sonorancad.generated.model.Remove911Data;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitPanicRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitPanicData;
import io.github.dispatchkit.sonorancad.generated.model.UpdateDispatchCallRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatusData;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox driven by the client's own API calls while a handler counts the events it receives. */
class SandboxEventHubTest {
  private static final UUID ACCOUNT = UUID.fromString("5f2a3c1e-0000-4000-8000-000000000001");

  private final SandboxEventHub hub = SandboxEventHub.builder().build().start();
  private final SonoranCadSandbox sandbox = SonoranCadSandbox.builder()
      .onExchange(new SandboxEventBridge(hub)).build().start();
  private final SonoranCadClient client = SonoranCadClient.builder()
      .apiKey(SonoranCadSandbox.DEFAULT_API_KEY).baseUrl(sandbox.baseUrl()).build();

  @AfterEach
  void tearDown() {
    client.close();
    sandbox.close();
    hub.close();
  }

  @Test
  void apiCallsBecomeEventsOverTheHub() throws Exception {
    AtomicInteger count = new AtomicInteger();
    BlockingQueue<Event<UnitStatusData>> received = new LinkedBlockingQueue<>();
    HubConnection connection = client.events()
        .on(EventType.UNIT_STATUS, event -> {
          count.incrementAndGet();
          received.add(event);
        })
        .hub(SandboxEventHub.DEFAULT_COMMUNITY_ID).url(hub.url()).connect();
    connection.authenticated().get(10, TimeUnit.SECONDS);

    int first = client.emergency().identifiers().createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().build()).identId();
    int second = client.emergency().identifiers().createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().build()).identId();
    client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .identIds(List.of(first)).status(UnitStatus.ENROUTE).build());
    client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .accountUuid(ACCOUNT).status(UnitStatus.ON_SCENE).build());

    Event<UnitStatusData> enroute = received.poll(10, TimeUnit.SECONDS);
    Event<UnitStatusData> onScene = received.poll(10, TimeUnit.SECONDS);
    assertThat(enroute.data().identIds()).containsExactly(first);
    assertThat(enroute.data().status().value()).isEqualTo(3);
    assertThat(enroute.delivery()).isEqualTo(Delivery.HUB);
    assertThat(onScene.data().identIds()).containsExactly(first, second);
    assertThat(count).hasValue(2);
  }

  @Test
  void dispatchAnd911CallsBecomeEventsCarryingWhatTheApiReturned() throws Exception {
    Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    SonoranCadEvents events = client.events();
    for (EventType<?> type : List.of(EventType.CALL_911, EventType.REMOVE_911, EventType.DISPATCH_NEW,
        EventType.DISPATCH_EDIT, EventType.DISPATCH_UNIT_ATTACH, EventType.DISPATCH_NOTE, EventType.DISPATCH_CLOSED,
        EventType.UNIT_PANIC)) {
      count(events, type, counts, received);
    }
    events.hub(SandboxEventHub.DEFAULT_COMMUNITY_ID).url(hub.url()).connect().authenticated().get(10, TimeUnit.SECONDS);

    Call911 call911 = client.emergency().calls().create911Call(Create911CallRequest.builder()
        .isEmergency(true).caller("Jane Doe").location("Innocence Blvd").description("Medical emergency").build());
    DispatchCall created = client.emergency().calls().createDispatchCall(CreateDispatchCallRequest.builder()
        .origin(CallOrigin.CALLER).status(CallStatus.PENDING).priority(1).title("Traffic Stop")
        .communityUserIds(List.of("player-1")).build());
    DispatchCall updated = client.emergency().calls().updateDispatchCall(created.callId(),
        UpdateDispatchCallRequest.builder().priority(2).build());
    client.emergency().calls().attachUnits(created.callId(), AttachUnitsRequest.builder().identIds(List.of(12)).build());
    client.emergency().calls().addCallNote(created.callId(), AddCallNoteRequest.builder().note("Caller is hiding.").build());
    client.emergency().calls().closeDispatchCalls(CloseDispatchCallsRequest.builder().callIds(List.of(created.callId())).build());
    client.emergency().calls().remove911Call(call911.callId());
    client.emergency().units().setUnitPanic(SetUnitPanicRequest.builder().identIds(List.of(12)).isPanic(true).build());

    List<Object> data = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      data.add(received.poll(10, TimeUnit.SECONDS));
    }
    assertThat(data).doesNotContainNull();
    assertThat(data.get(0)).isInstanceOfSatisfying(Call911Data.class, event -> assertThat(event.call()).isEqualTo(call911));
    assertThat(data.get(1)).isInstanceOfSatisfying(DispatchEventData.class, event -> assertThat(event.dispatch()).isEqualTo(created));
    assertThat(data.get(2)).isInstanceOfSatisfying(DispatchEventData.class, event -> assertThat(event.dispatch()).isEqualTo(updated));
    assertThat(data.get(3)).isInstanceOfSatisfying(DispatchUnitData.class, event -> assertThat(event.callId()).isNotNull());
    assertThat(data.get(4)).isInstanceOfSatisfying(DispatchNoteData.class,
        event -> assertThat(event.note().content()).isNotBlank());
    assertThat(data.get(5)).isInstanceOf(DispatchClosedData.class);
    assertThat(data.get(6)).isInstanceOfSatisfying(Remove911Data.class,
        event -> assertThat(event.callIds()).containsExactly(call911.callId()));
    assertThat(data.get(7)).isInstanceOfSatisfying(UnitPanicData.class, event -> {
      assertThat(event.identIds()).containsExactly(12);
      assertThat(event.isPanic()).isTrue();
    });
    assertThat(counts).hasSize(8).allSatisfy((type, count) -> assertThat(count).as(type).hasValue(1));
  }

  private static <T> void count(SonoranCadEvents events, EventType<T> type, Map<String, AtomicInteger> counts,
      BlockingQueue<Object> received) {
    events.on(type, event -> {
      counts.computeIfAbsent(type.name(), ignored -> new AtomicInteger()).incrementAndGet();
      received.add(event.data());
    });
  }

  @Test
  void aSandboxWithAnHttpListenerPostsItsEventsToTheClientsListener() throws Exception {
    BlockingQueue<Event<Call911Data>> received = new LinkedBlockingQueue<>();
    PushListener listener = client.events().on(EventType.CALL_911, received::add).httpListener().start();
    try (SandboxEventHub fallback = SandboxEventHub.builder().httpListenerUrl(listener.url()).build().start();
        SonoranCadSandbox posting = SonoranCadSandbox.builder().onExchange(new SandboxEventBridge(fallback)).build().start();
        SonoranCadClient api = SonoranCadClient.builder().apiKey(SonoranCadSandbox.DEFAULT_API_KEY)
            .baseUrl(posting.baseUrl()).build()) {
      Call911 call = api.emergency().calls().create911Call(Create911CallRequest.builder()
          .isEmergency(false).caller("John Doe").location("Vinewood").description("Noise complaint").build());

      Event<Call911Data> event = received.poll(10, TimeUnit.SECONDS);
      assertThat(event.delivery()).isEqualTo(Delivery.HTTP);
      assertThat(event.data().call()).isEqualTo(call);
    }
  }

  @Test
  void wrongKeyIsRefusedByTheHub() {
    try (SonoranCadClient wrong = SonoranCadClient.builder().apiKey("not-the-sandbox-key").baseUrl(sandbox.baseUrl()).build()) {
      HubConnection connection = wrong.events().hub(SandboxEventHub.DEFAULT_COMMUNITY_ID).url(hub.url()).connect();

      assertThatThrownBy(() -> connection.authenticated().get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(HubAuthenticationException.class)
          .hasMessageContaining("Invalid community ID or API key.")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-sandbox-key"));
    }
  }

  @Test
  void withoutAHubSessionEventsArePostedToTheHttpListener() throws Exception {
    BlockingQueue<Event<UnitStatusData>> received = new LinkedBlockingQueue<>();
    PushListener listener = client.events().on(EventType.UNIT_STATUS, received::add).httpListener().start();
    try (SandboxEventHub fallback = SandboxEventHub.builder().httpListenerUrl(listener.url()).build().start()) {
      SandboxEventHub.Published published = fallback.publish(1, "EVENT_UNIT_STATUS",
          Map.of("units", List.of(Map.of("id", 4, "accId", ACCOUNT.toString(), "status", 2, "data", Map.of()))));

      assertThat(published).isEqualTo(SandboxEventHub.Published.HTTP);
      Event<UnitStatusData> event = received.poll(10, TimeUnit.SECONDS);
      assertThat(event.delivery()).isEqualTo(Delivery.HTTP);
      assertThat(event.data().units().get(0).id()).isEqualTo(4);
    }
  }

  @Test
  void unitLocationsReachTheHub() throws Exception {
    HubConnection connection = client.events().hub(SandboxEventHub.DEFAULT_COMMUNITY_ID).url(hub.url()).connect();
    connection.authenticated().get(10, TimeUnit.SECONDS);

    connection.sendUnitLocations(List.of(
        HubUnitLocation.builder().communityUserId("player-1234").location("Interstate 4 / Mile 228").build()))
        .get(10, TimeUnit.SECONDS);

    assertThat(hub.unitLocations()).singleElement()
        .isEqualTo(Map.of("communityUserId", "player-1234", "location", "Interstate 4 / Mile 228"));
  }
}
