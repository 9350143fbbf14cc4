package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.event.Delivery;
import io.github.dispatchkit.sonorancad.event.Event;
import io.github.dispatchkit.sonorancad.event.EventType;
import io.github.dispatchkit.sonorancad.event.HubConnection;
import io.github.dispatchkit.sonorancad.event.PushListener;
import io.github.dispatchkit.sonorancad.exception.HubAuthenticationException;
import io.github.dispatchkit.sonorancad.generated.event.UnitLocation;
import io.github.dispatchkit.sonorancad.generated.event.UnitStatusData;
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
          Map.of("units", List.of(Map.of("id", 4, "status", 2))));

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
        UnitLocation.builder().communityUserId("player-1234").location("Interstate 4 / Mile 228").build()))
        .get(10, TimeUnit.SECONDS);

    assertThat(hub.unitLocations()).singleElement()
        .isEqualTo(Map.of("communityUserId", "player-1234", "location", "Interstate 4 / Mile 228"));
  }
}
