package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.generated.model.UnitLogoutData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP push listener against slow, idle, oversized and malformed connections on 127.0.0.1. */
@Timeout(60)
class PushListenerHardeningTest {
  static final String KEY = "listener-secret-key";

  private final BlockingQueue<Event<UnitLogoutData>> logouts = new LinkedBlockingQueue<>();
  private final BlockingQueue<SonoranCadException> errors = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new ArrayList<>();
  private SonoranCadEvents events = events(builder());

  private static SonoranCadEvents.Builder builder() {
    return SonoranCadEvents.builder(SonoranCadClient.builder().apiKey(KEY).buildOptions());
  }

  private SonoranCadEvents events(SonoranCadEvents.Builder builder) {
    SonoranCadEvents created = builder.build();
    created.on(EventType.UNIT_LOGOUT, logouts::add).onError(errors::add);
    return created;
  }

  @AfterEach
  void tearDown() throws IOException {
    events.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void hundredsOfSlowConnectionsNeverLockOutAValidEvent() throws Exception {
    PushListener listener = events.httpListener().start(); // defaults: 256 in progress, 10 s per request
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Half the headers, half of them with the whole headers and half a body: both wait for more.
      Socket socket = open(listener);
      write(socket, i % 2 == 0 ? "POST /sonorancad/event HTTP/1.1\r\nHost: x\r\nX-Slow: "
          : "POST /sonorancad/event HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{\"key\":");
      slow.add(socket);
    }
    for (int round = 0; round < 50; round++) {
      for (int i = round % 4; i < slow.size(); i += 4) {
        trickle(slow.get(i)); // each slow connection keeps sending a little
      }
      Socket valid = open(listener);
      write(valid, request(logout(round)));
      assertThat(readResponse(valid)).as("event %s", round).startsWith("HTTP/1.1 200 OK").endsWith("ok");
      assertThat(logouts.poll(10, TimeUnit.SECONDS).data().identId()).isEqualTo(round);
    }
  }

  @Test
  void aRequestThatDoesNotArriveWholeInTimeGets408() throws Exception {
    PushListener listener = events.httpListener().requestTimeout(Duration.ofMillis(300)).start();
    Socket headers = open(listener);
    write(headers, "POST /sonorancad/event HTTP/1.1\r\nHost: x\r\n");
    Socket body = open(listener);
    write(body, "POST /sonorancad/event HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"key\":");

    assertThat(readResponse(headers)).startsWith("HTTP/1.1 408 Request Timeout");
    assertThat(readResponse(body)).startsWith("HTTP/1.1 408 Request Timeout");
    assertThat(logouts).isEmpty();
  }

  @Test
  void bodiesOverTheCapAreRefusedBeforeTheyArrive() throws Exception {
    PushListener listener = events.httpListener().maxBodyBytes(4096).start();
    for (String length : List.of("4097", "1000000000000", "99999999999999999999999999")) {
      Socket declared = open(listener);
      write(declared, "POST /sonorancad/event HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n");
      assertThat(readResponse(declared)).as(length).startsWith("HTTP/1.1 413 Payload Too Large");
    }
    Socket bigChunk = open(listener);
    write(bigChunk, "POST /sonorancad/event HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n");
    assertThat(readResponse(bigChunk)).startsWith("HTTP/1.1 413");
    Socket manyChunks = open(listener);
    write(manyChunks, "POST /sonorancad/event HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 5; i++) {
      write(manyChunks, "400\r\n" + "a".repeat(1024) + "\r\n"); // 5 KiB in 1 KiB chunks, never finished
    }
    assertThat(readResponse(manyChunks)).startsWith("HTTP/1.1 413");
    Socket headers = open(listener);
    write(headers, "POST /sonorancad/event HTTP/1.1\r\nX: " + "h".repeat(20_000));
    assertThat(readResponse(headers)).startsWith("HTTP/1.1 431");
  }

  @Test
  void chunkedAndContinueRequestsAreRead() throws Exception {
    PushListener listener = events.httpListener().start();
    String json = logout(7);
    Socket chunked = open(listener);
    write(chunked, "POST /sonorancad/event HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(10) + ";ext=1\r\n" + json.substring(0, 10) + "\r\n"
        + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\nX-Trailer: 1\r\n\r\n");
    assertThat(readResponse(chunked)).startsWith("HTTP/1.1 200");
    assertThat(logouts.poll(10, TimeUnit.SECONDS).data().identId()).isEqualTo(7);

    Socket expect = open(listener);
    write(expect, "POST /sonorancad/event HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + json.length() + "\r\n\r\n");
    assertThat(readLine(expect.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
    write(expect, json);
    assertThat(readResponse(expect)).contains("HTTP/1.1 200");

    Socket both = open(listener);
    write(both, "POST /sonorancad/event HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertThat(readResponse(both)).startsWith("HTTP/1.1 400");
  }

  @Test
  void theLargestCapStillAcceptsEvents() throws Exception {
    PushListener listener = events.httpListener().maxBodyBytes(Integer.MAX_VALUE).start();
    Socket socket = open(listener);
    write(socket, request(logout(3)));

    assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
    assertThat(logouts.poll(10, TimeUnit.SECONDS).data().identId()).isEqualTo(3);
  }

  @Test
  void aFullQueueAnswers503AndTheDropIsReported() throws Exception {
    events.close();
    events = events(builder().maxQueuedEvents(2));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    events.on(EventType.UNIT_LOGOUT, event -> {
      if (event.data().identId() == 0) {
        started.countDown();
        release.await(30, TimeUnit.SECONDS);
      }
    });
    PushListener listener = events.httpListener().start();

    assertThat(post(listener, logout(0))).startsWith("HTTP/1.1 200"); // in the handler, which waits
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(post(listener, logout(1))).startsWith("HTTP/1.1 200"); // queued
    assertThat(post(listener, logout(2))).startsWith("HTTP/1.1 503"); // no room: the sender may retry
    release.countDown();

    assertThat(logouts.poll(10, TimeUnit.SECONDS).data().identId()).isEqualTo(0);
    assertThat(logouts.poll(10, TimeUnit.SECONDS).data().identId()).isEqualTo(1);
    assertThat(errors.poll(10, TimeUnit.SECONDS)).hasMessageContaining("dropped 1 events and 0 error reports");
    assertThat(post(listener, logout(3))).startsWith("HTTP/1.1 200");
  }

  @Test
  void theOldestRequestMakesRoomWhenTheCapIsReached() throws Exception {
    PushListener listener = events.httpListener().maxConnections(2).start();
    Socket first = open(listener);
    write(first, "POST /sonorancad/event HTTP/1.1\r\n");
    Socket second = open(listener);
    write(second, "POST /sonorancad/event HTTP/1.1\r\n");
    Socket third = open(listener);
    write(third, request(logout(4)));

    assertThat(readResponse(third)).startsWith("HTTP/1.1 200");
    assertThat(readResponse(first)).isEmpty(); // closed without an answer
    write(second, "Content-Length: 0\r\n\r\n");
    assertThat(readResponse(second)).startsWith("HTTP/1.1 400"); // still served
  }

  private Socket open(PushListener listener) throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), listener.port());
    socket.setSoTimeout(10_000);
    sockets.add(socket);
    return socket;
  }

  private String post(PushListener listener, String json) throws IOException {
    Socket socket = open(listener);
    write(socket, request(json));
    return readResponse(socket);
  }

  /** Writes one byte; the listener may have closed the oldest slow connections to make room. */
  private static void trickle(Socket socket) {
    try {
      write(socket, "a");
    } catch (IOException closedByTheListener) {
      // expected for the oldest
    }
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads until the listener closes its side (every answer does); fails after 10 s of silence. */
  private static String readResponse(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    try {
      int read;
      while ((read = socket.getInputStream().read(buffer)) != -1) {
        out.write(buffer, 0, read);
      }
    } catch (java.net.SocketException reset) {
      // closed without draining: what arrived is the answer
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    in.read(); // the empty line after the interim response
    in.read();
    return line.toString();
  }

  private static String request(String json) {
    return "POST /sonorancad/event HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
  }

  private static String logout(int identId) {
    return "{\"key\":\"" + KEY + "\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":" + identId + "}}";
  }
}
