package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.HttpLogger;
import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.internal.HttpLoggingInterceptor;
import io.github.dispatchkit.sonorancad.internal.HttpStack;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * The one way a hub connection reaches the network, applying the client's transport rules by
 * construction: the URL is {@code https} ({@code wss}) unless its host is loopback or insecure HTTP
 * was allowed, checked before any I/O; every websocket upgrade sends {@link HttpStack#USER_AGENT},
 * follows no redirect, offers no compression (a small compressed frame could inflate past the message
 * cap), and is written to the {@link HttpLogger}, key redacted, if one is set. Its sockets cap an
 * unfinished message. It derives its client from the caller's (sharing the dispatcher, never
 * modifying it) with no read or call timeout, since a websocket lives long and the session's
 * keep-alive detects a dead peer, and with a small connection pool of its own.
 */
final class HubTransport implements AutoCloseable {
  private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

  private final HttpUrl url;
  private final OkHttpClient client;
  private final ConnectionPool pool = new ConnectionPool(1, 1, TimeUnit.SECONDS);
  /** Bytes read from the current socket since the last whole message. */
  private final AtomicLong unreadMessageBytes = new AtomicLong();

  /**
   * Checks {@code url} and derives the client from {@code okHttpClient}.
   *
   * @throws IllegalStateException if {@code url} is plain http on a non-loopback host and insecure
   *     HTTP is not allowed: the API key would travel in clear text
   */
  HubTransport(OkHttpClient okHttpClient, HttpUrl url, int maxMessageBytes, ApiKey apiKey,
      @Nullable HttpLogger httpLogger, boolean allowInsecureHttp) {
    if (!url.isHttps() && !allowInsecureHttp && !HttpStack.isLoopback(url.host())) {
      throw new IllegalStateException("hub URL " + apiKey.redact(url.toString()) + " is plain http on a"
          + " non-loopback host, which would send the API key in clear text: use https or wss, or"
          + " allowInsecureHttp(true)");
    }
    this.url = url;
    OkHttpClient.Builder builder = okHttpClient.newBuilder()
        .readTimeout(Duration.ZERO)
        .callTimeout(Duration.ZERO)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectionPool(pool)
        // OkHttp runs no network interceptor for a websocket: these are the last application ones.
        .addInterceptor(HubTransport::upgradeHeaders);
    if (httpLogger != null) {
      // After the headers: logs the upgrade as it leaves the interceptors (OkHttp then adds Host and the like).
      builder.addInterceptor(new HttpLoggingInterceptor(httpLogger, apiKey));
    }
    if (okHttpClient.socketFactory() == SocketFactory.getDefault()) {
      builder.socketFactory(new CountingSocketFactory(unreadMessageBytes, maxMessageBytes));
    }
    this.client = builder.build();
  }

  /** Sets the User-Agent, and offers no {@code permessage-deflate} (OkHttp always does) and drops the hub's acceptance. */
  private static Response upgradeHeaders(Interceptor.Chain chain) throws IOException {
    Request request = chain.request().newBuilder()
        .header("User-Agent", HttpStack.USER_AGENT)
        .removeHeader(EXTENSIONS)
        .build();
    Response response = chain.proceed(request);
    return response.header(EXTENSIONS) == null ? response : response.newBuilder().removeHeader(EXTENSIONS).build();
  }

  /** Returns the hub URL, in its http form. */
  HttpUrl url() {
    return url;
  }

  /** Opens a websocket to the hub; {@code listener} is called on OkHttp's threads. */
  WebSocket open(WebSocketListener listener) {
    unreadMessageBytes.set(0);
    return client.newWebSocket(new Request.Builder().url(url).build(), listener);
  }

  /** Marks the end of a whole message: the cap counts from here. */
  void messageEnded() {
    unreadMessageBytes.set(0);
  }

  /** Releases the idle connections of its pool. */
  @Override
  public void close() {
    pool.evictAll();
  }
}
