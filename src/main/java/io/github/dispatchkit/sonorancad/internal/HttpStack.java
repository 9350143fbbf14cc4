package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.ClientOptions;
import io.github.dispatchkit.sonorancad.HttpLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client of one {@code SonoranCadClient}, derived from a base client that derived clients
 * and the push events share (the caller's, never modified nor closed; or one created here, closed by
 * {@link #close()}).
 *
 * <p>The derived client adds the header and response-size interceptors (and the HTTP logger), turns
 * off OkHttp's own retry on connection failure, so every request that reaches the wire went through
 * the call executor and took its own rate-limit permit, and turns off redirects, so a 3xx is an error
 * and never a request silently re-sent elsewhere or as a GET.
 */
public final class HttpStack implements AutoCloseable {
  /** Sent as {@code User-Agent}: this library and its version. */
  public static final String USER_AGENT = "sonoran-cad-client-java/" + version();

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** The default timeout of one HTTP attempt, from connecting to reading the body. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final OkHttpClient base;
  private final boolean ownsBase;
  private final OkHttpClient client;

  /**
   * Builds the stack of a client with {@code options}, on their {@code okHttpClient} if set.
   */
  public HttpStack(ClientOptions options) {
    OkHttpClient given = options.okHttpClient();
    this.ownsBase = given == null;
    this.base = given != null
        ? given
        : new OkHttpClient.Builder()
            .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
            .readTimeout(DEFAULT_READ_TIMEOUT)
            .callTimeout(DEFAULT_ATTEMPT_TIMEOUT)
            .build();
    ApiKey apiKey = OptionsAccess.apiKey(options);
    OkHttpClient.Builder derived = base.newBuilder()
        // OkHttp would silently resend a request after a reset on a pooled connection, under the
        // permit of the attempt that failed: a server counting arrivals would see more requests than
        // the limiter allowed. The call executor's retry policy decides instead, with a new permit.
        .retryOnConnectionFailure(false)
        // A redirect followed by OkHttp would turn a PATCH or POST into a GET of the new place and
        // report its 200 as the operation's success, though nothing was changed: a 3xx is an error.
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new ResponseSizeInterceptor(options.maxResponseBytes()))
        .addNetworkInterceptor(new HeadersInterceptor(options.baseUrl(), apiKey, USER_AGENT));
    HttpLogger httpLogger = options.httpLogger();
    if (httpLogger != null) {
      // After the headers interceptor: logs the request as sent, its key redacted.
      derived.addNetworkInterceptor(new HttpLoggingInterceptor(httpLogger, apiKey));
    }
    if (options.connectTimeout() != null) {
      derived.connectTimeout(options.connectTimeout());
    }
    if (options.readTimeout() != null) {
      derived.readTimeout(options.readTimeout());
    }
    if (options.attemptTimeout() != null) {
      derived.callTimeout(options.attemptTimeout());
    }
    this.client = derived.build();
  }

  /** Returns the client every call of this stack goes through. */
  public OkHttpClient client() {
    return client;
  }

  /** Returns the base client that derived clients and the push events share. */
  public OkHttpClient base() {
    return base;
  }

  /** Releases the base client's threads and connections if this stack created it. */
  @Override
  public void close() {
    if (ownsBase) {
      base.dispatcher().executorService().shutdown();
      base.connectionPool().evictAll();
    }
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = HttpStack.class.getResourceAsStream(
        "/io/github/dispatchkit/sonorancad/client.properties")) {
      if (in == null) {
        return "unknown";
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }

  /**
   * Whether {@code host} (as {@code HttpUrl.host()} gives it) is this machine: the only hosts plain
   * {@code http} or {@code ws} may carry the API key to unless the caller allows it.
   */
  public static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || isIpv4Loopback(host);
  }

  /** Whether {@code host} is a dotted quad {@code 127.x.y.z}, each part 1 to 3 digits (no regex: cheap at start). */
  private static boolean isIpv4Loopback(String host) {
    if (!host.startsWith("127.")) {
      return false;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
    }
    return true;
  }
}
