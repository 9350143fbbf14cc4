package io.github.dispatchkit.sonorancad;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} process (6.2.6, shipped inside the embedded-redis jar) on a free port
 * of 127.0.0.1, without persistence, for the tests of a class: register it as a static extension.
 * It can be stopped and started again on the same port, as Redis going away and coming back.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private final int port = freePort();
  private RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts redis-server on this object's port, afresh (nothing persisted). */
  public synchronized void start() {
    try {
      server = RedisServer.newRedisServer()
          .port(port)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops redis-server: connections to it break, new ones are refused. */
  public synchronized void stop() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** A URL of a loopback port where nothing listens. */
  public static String unreachableUrl() {
    return "redis://127.0.0.1:" + freePort();
  }

  /** Commands on this server, to inspect what the store wrote. */
  public synchronized RedisCommands<String, String> commands() {
    if (connection == null) {
      if (client == null) {
        client = RedisClient.create(url());
      }
      connection = client.connect();
    }
    return connection.sync();
  }

  @Override
  public synchronized void close() {
    if (server != null && server.isActive()) {
      stop();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      client = null;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
