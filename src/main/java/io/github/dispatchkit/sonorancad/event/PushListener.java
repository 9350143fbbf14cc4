package io.github.dispatchkit.sonorancad.event;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * The embedded HTTP receiver of push events: {@code POST /sonorancad/event}, for servers that use
 * the CAD's HTTP fallback (no hub session for that server).
 *
 * <p>Accepts only events whose {@code key} equals the API key (compared in constant time), caps the
 * body size, answers {@code 200 ok} as soon as the event is checked and queued, and runs handlers on
 * the events thread, never on the listener's. Built to face the internet: one thread serves every
 * connection without blocking, a request must arrive whole within {@link Builder#requestTimeout}
 * (else 408), at most {@link Builder#maxConnections} are in progress (a new one closes the oldest),
 * a body over the cap is refused (413) as soon as its length or its chunks pass it, and a full
 * event queue answers 503. Start one with {@link SonoranCadEvents#httpListener()};
 * closing the {@link SonoranCadEvents} closes it. Thread-safe.
 */
public final class PushListener implements AutoCloseable {
  /** Default largest body accepted: 1 MiB (a station alert may carry base64 audio). */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private final HttpPushListener listener;

  private PushListener(HttpPushListener listener) {
    this.listener = listener;
  }

  /** Returns the bound address. */
  public InetSocketAddress address() {
    return listener.address();
  }

  /** Returns the bound port (the one picked when 0 was asked). */
  public int port() {
    return listener.address().getPort();
  }

  /** Returns the URL events are posted to, such as {@code http://127.0.0.1:30120/sonorancad/event}. */
  public String url() {
    InetSocketAddress address = address();
    String host = address.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + HttpPushListener.PATH;
  }

  /** Stops listening at once; calling it again does nothing. */
  @Override
  public void close() {
    listener.close();
  }

  @Override
  public String toString() {
    return "PushListener{" + url() + "}";
  }

  /** Configures a {@link PushListener}. Not thread-safe. */
  public static final class Builder {
    private final SonoranCadEvents events;
    private String host = "127.0.0.1";
    private int port;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxConnections = 256;

    Builder(SonoranCadEvents events) {
      this.events = events;
    }

    /**
     * Sets the address to bind. Default {@code 127.0.0.1}: set {@code 0.0.0.0} (or the server's
     * address) so that Sonoran CAD can reach it.
     */
    public Builder address(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /** Sets the port; 0, the default, picks a free one (read it with {@link PushListener#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the largest body accepted; larger ones get 413. Default 1 MiB ({@link PushListener#DEFAULT_MAX_BODY_BYTES}). */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes < 1: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Sets how long a request may take to arrive whole, headers and body; a slower one gets 408 and is
     * closed. Default 10 s.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      Objects.requireNonNull(requestTimeout, "requestTimeout == null");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout <= 0: " + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets how many requests may be in progress at once; one more closes the oldest, so idle or slow
     * connections can delay a fresh event but never lock it out. Default 256.
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Binds and starts the listener.
     *
     * @throws java.io.UncheckedIOException if the address cannot be bound
     * @throws IllegalArgumentException if the host is unknown
     * @throws IllegalStateException if the events were closed
     */
    public PushListener start() {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host: " + host, e);
      }
      return events.register(new PushListener(new HttpPushListener(
          new InetSocketAddress(address, port), events.apiKey(),
          new HttpPushListener.Limits(maxBodyBytes, requestTimeout, maxConnections), events.dispatcher())));
    }
  }
}
