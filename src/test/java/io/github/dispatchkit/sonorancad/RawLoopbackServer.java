package io.github.dispatchkit.sonorancad;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a raw loopback socket, for what WireMock cannot do: reset a pooled
 * connection on its next request, or answer bytes that are not valid HTTP. It counts every request
 * that arrives. Each connection is served by its own daemon thread; {@link #close()} ends them all.
 */
final class RawLoopbackServer implements AutoCloseable {
  /** What to do with a request that arrived. */
  interface Handler {
    /**
     * Returns the raw response bytes, or null to reset the connection (RST, no response).
     *
     * @param request the request head and body as text
     * @param indexOnConnection 0 for a connection's first request, 1 for its second...
     */
    byte[] respond(String request, int indexOnConnection);
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final AtomicInteger arrivals = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  RawLoopbackServer(Handler handler) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.handler = handler;
    this.acceptor = new Thread(this::accept, "raw-loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A complete response with a JSON body and keep-alive. */
  static byte[] json(int status, String body, String... extraHeaders) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(bytes.length).append("\r\n");
    for (String header : extraHeaders) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] result = new byte[headBytes.length + bytes.length];
    System.arraycopy(headBytes, 0, result, 0, headBytes.length);
    System.arraycopy(bytes, 0, result, headBytes.length, bytes.length);
    return result;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Requests that arrived in full, on any connection. */
  int arrivals() {
    return arrivals.get();
  }

  /** Connections accepted. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.incrementAndGet();
        open.add(connection);
        Thread serve = new Thread(() -> serve(connection), "raw-loopback-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      for (int index = 0; ; index++) {
        String request = readRequest(in);
        if (request == null) {
          return;
        }
        arrivals.incrementAndGet();
        byte[] response = handler.respond(request, index);
        if (response == null) {
          connection.setSoLinger(true, 0);
          return; // close with linger 0: the peer sees a reset
        }
        out.write(response);
        out.flush();
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  /** Reads one request head and its Content-Length body; null at end of stream. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return text + new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket connection : open) {
      connection.close();
    }
  }
}
