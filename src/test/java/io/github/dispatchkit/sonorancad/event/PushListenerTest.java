package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.generated.model.Call911Data;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP push listener with the real events thread: forged, oversized and malformed posts. */
class PushListenerTest {
  static final String KEY = "listener-secret-key";

  private final HttpClient http = HttpClient.newHttpClient();
  private final BlockingQueue<Event<Call911Data>> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> handlerThreads = new LinkedBlockingQueue<>();
  private final BlockingQueue<SonoranCadException> errors = new LinkedBlockingQueue<>();
  private final SonoranCadClient client = SonoranCadClient.builder().apiKey(KEY).build();
  private final PushListener listener;

  PushListenerTest() {
    client.events()
        .on(EventType.CALL_911, event -> {
          handlerThreads.add(Thread.currentThread().getName());
          calls.add(event);
        })
        .onError(errors::add);
    listener = client.events().httpListener().maxBodyBytes(4096).start();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void acceptsAnEventWithTheKeyAndRunsHandlersOffTheListenerThread() throws Exception {
    HttpResponse<String> response = post("/sonorancad/event", event911(KEY));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    Event<Call911Data> event = calls.poll(10, TimeUnit.SECONDS);
    assertThat(event.data().call().caller()).isEqualTo("John Doe");
    assertThat(event.delivery()).isEqualTo(Delivery.HTTP);
    assertThat(handlerThreads.poll()).isEqualTo("sonoran-cad-events");
    assertThat(listener.url()).startsWith("http://127.0.0.1:").endsWith("/sonorancad/event");
  }

  @Test
  void answersBeforeASlowHandlerFinishes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    client.events().on(EventType.REMOVE_911, event -> release.await(10, TimeUnit.SECONDS));

    HttpResponse<String> first = post("/sonorancad/event",
        "{\"key\":\"" + KEY + "\",\"type\":\"EVENT_REMOVE_911\",\"data\":[{\"callIds\":[1]}]}");
    HttpResponse<String> second = post("/sonorancad/event", event911(KEY));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(calls).isEmpty(); // still queued behind the slow handler
    release.countDown();
    assertThat(calls.poll(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void refusesAWrongOrMissingKey() throws Exception {
    assertThat(post("/sonorancad/event", event911("not-the-key")).statusCode()).isEqualTo(401);
    assertThat(post("/sonorancad/event", event911(KEY + "x")).statusCode()).isEqualTo(401);
    assertThat(post("/sonorancad/event", event911(KEY.toUpperCase())).statusCode()).isEqualTo(401);
    assertThat(post("/sonorancad/event", "{\"type\":\"EVENT_911\",\"data\":{}}").statusCode()).isEqualTo(401);
    assertThat(post("/sonorancad/event", "{\"key\":42,\"type\":\"EVENT_911\",\"data\":{}}").statusCode()).isEqualTo(401);

    assertThat(post("/sonorancad/event", event911(KEY)).statusCode()).isEqualTo(200);
    assertThat(calls.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(calls).isEmpty(); // none of the forged ones got through
  }

  @Test
  void refusesOversizedMalformedAndMisaddressedRequests() throws Exception {
    String big = "{\"key\":\"" + KEY + "\",\"type\":\"EVENT_911\",\"data\":{\"x\":\"" + "a".repeat(5000) + "\"}}";
    assertThat(post("/sonorancad/event", big).statusCode()).isEqualTo(413);
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(listener.url()))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(post("/sonorancad/event", "{not json").statusCode()).isEqualTo(400);
    assertThat(post("/sonorancad/event", "{\"key\":\"" + KEY + "\"}").statusCode()).isEqualTo(400);
    assertThat(post("/other", event911(KEY)).statusCode()).isEqualTo(404);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(listener.url())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.body()).doesNotContain(KEY);
    assertThat(calls).isEmpty();
  }

  @Test
  void closingTheClientClosesTheListener() throws Exception {
    client.close();

    try {
      post("/sonorancad/event", event911(KEY));
      throw new AssertionError("the listener still answers");
    } catch (java.io.IOException expected) {
      assertThat(expected).isNotNull();
    }
  }

  @Test
  void theKeyIsNeverInToStringOrErrors() throws Exception {
    post("/sonorancad/event", "{\"key\":\"" + KEY + "\",\"type\":\"EVENT_911\",\"data\":{\"call\":{\"callId\":\"" + KEY + "\"}}}");
    SonoranCadException error = errors.poll(10, TimeUnit.SECONDS);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).doesNotContain(KEY);
    assertThat(client.toString() + client.events() + listener).doesNotContain(KEY);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + listener.port() + path);
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String event911(String key) {
    return "{\"key\":\"" + key + "\",\"type\":\"EVENT_911\",\"data\":[{\"call\":{\"callId\":1234,"
        + "\"isEmergency\":true,\"caller\":\"John Doe\",\"location\":\"1234 E Hawick Ave\","
        + "\"description\":\"This is a 911 call!\"}}]}";
  }
}
