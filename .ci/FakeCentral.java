import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for the Central Portal's publisher API on 127.0.0.1, for .ci/release-dry-run: it accepts
 * the bundle upload (saving the request body), answers status queries with VALIDATED, and writes the
 * port it listens on to the file named by its first argument. Run with {@code java FakeCentral.java}.
 */
public final class FakeCentral {
  public static void main(String[] args) throws Exception {
    Path portFile = Path.of(args[0]);
    Path uploadFile = Path.of(args[1]);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/api/v1/publisher/upload", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Files.write(uploadFile, body);
      System.out.println("[fake-central] upload " + exchange.getRequestURI() + ", " + body.length + " bytes");
      answer(exchange, 201, "dry-run-deployment");
    });
    server.createContext("/api/v1/publisher/status", exchange -> answer(exchange, 200,
        "{\"deploymentId\":\"dry-run-deployment\",\"deploymentName\":\"dry run\","
            + "\"deploymentState\":\"VALIDATED\",\"purls\":[]}"));
    server.start();
    Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String text)
      throws java.io.IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
