package io.github.dispatchkit.sonorancad.event;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates sockets that count what they read (under TLS too: the TLS socket reads through them) and
 * fail a read once the count since the last whole message passes the cap, plus room for TLS records
 * and the read-ahead of the next message: a hub message is capped before OkHttp buffers it.
 */
final class CountingSocketFactory extends SocketFactory {
  private final AtomicLong counter;
  private final int maxMessageBytes;
  private final long limit;

  /** Counts into {@code counter}, which the reader resets at the end of each whole message. */
  CountingSocketFactory(AtomicLong counter, int maxMessageBytes) {
    this.counter = counter;
    this.maxMessageBytes = maxMessageBytes;
    this.limit = maxMessageBytes + maxMessageBytes / 32L + (64 << 10);
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      @Override
      public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0 && counter.addAndGet(read) > limit) {
              throw new MessageTooLargeException(maxMessageBytes, limit);
            }
            return read;
          }
        };
      }
    };
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
    return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
  }

  private Socket connected(@Nullable InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = createSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(remote);
    return socket;
  }

  /** The hub sent more than the message cap without finishing a message. */
  private static final class MessageTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    MessageTooLargeException(int maxMessageBytes, long limit) {
      super("the hub sent a message over maxMessageBytes (" + maxMessageBytes + "): " + limit
          + " bytes read without a complete one");
    }
  }
}
