package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.HttpLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import retrofit2.Retrofit;

/**
 * The OkHttp and Retrofit objects of one client, and which of them it must close.
 *
 * <p>The {@link OkHttpClient} is derived from the caller's (never modified nor closed) or from one
 * created here (closed by {@link #close()}), adding the header, one-shot-body and response-size
 * interceptors, turning off OkHttp's own retry on connection failure, so every request that reaches
 * the wire went through the call executor and took its own rate-limit permit, and turning off
 * redirects, so a 3xx is an error and never a request silently re-sent elsewhere or as a GET.
 */
public final class HttpStack implements AutoCloseable {
  /** Sent as {@code User-Agent}: this library and its version. */
  public static final String USER_AGENT = "sonoran-cad-client-java/" + version();

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** The default timeout of one HTTP attempt, from connecting to reading the body. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final OkHttpClient shared;
  private final boolean ownsShared;
  private final Retrofit retrofit;
  private final ExecutorService asyncExecutor;

  /**
   * Builds the stack; null timeouts keep the supplied client's, or the defaults for a created one.
   *
   * @param callerClient the caller's client to derive from, or null to create one
   * @param attemptTimeout one HTTP attempt's timeout (OkHttp's call timeout), or null
   * @param maxResponseBytes the cap of every response body read, success or error
   * @param httpLogger receives the redacted HTTP log, or null for none
   */
  public HttpStack(
      ApiKey apiKey,
      HttpUrl baseUrl,
      @Nullable OkHttpClient callerClient,
      @Nullable Duration connectTimeout,
      @Nullable Duration readTimeout,
      @Nullable Duration attemptTimeout,
      long maxResponseBytes,
      @Nullable HttpLogger httpLogger) {
    this.ownsShared = callerClient == null;
    this.shared = callerClient != null
        ? callerClient
        : new OkHttpClient.Builder()
            .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
            .readTimeout(DEFAULT_READ_TIMEOUT)
            .callTimeout(DEFAULT_ATTEMPT_TIMEOUT)
            .build();
    OkHttpClient.Builder derived = shared.newBuilder()
        // OkHttp would silently resend a request after a reset on a pooled connection, under the
        // permit of the attempt that failed: a server counting arrivals would see more requests than
        // the limiter allowed. The call executor's retry policy decides instead, with a new permit.
        .retryOnConnectionFailure(false)
        // A redirect followed by OkHttp would turn a PATCH or POST into a GET of the new place and
        // report its 200 as the operation's success, though nothing was changed: a 3xx is an error.
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new OneShotBodyInterceptor())
        .addInterceptor(new ResponseSizeInterceptor(maxResponseBytes))
        .addNetworkInterceptor(new HeadersInterceptor(baseUrl, apiKey, USER_AGENT));
    if (httpLogger != null) {
      // After the headers interceptor: logs the request as sent, its key redacted.
      derived.addNetworkInterceptor(new HttpLoggingInterceptor(httpLogger, apiKey));
    }
    if (connectTimeout != null) {
      derived.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      derived.readTimeout(readTimeout);
    }
    if (attemptTimeout != null) {
      derived.callTimeout(attemptTimeout);
    }
    this.retrofit = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(derived.build())
        .addConverterFactory(new DecodingConverterFactory(apiKey))
        .validateEagerly(true)
        .build();
    this.asyncExecutor = Executors.newCachedThreadPool(new DaemonThreads());
  }

  /** Returns Retrofit, to create the generated interfaces. */
  public Retrofit retrofit() {
    return retrofit;
  }

  /** Returns the executor of asynchronous calls; owned by this stack. */
  public ExecutorService asyncExecutor() {
    return asyncExecutor;
  }

  /** Returns the client that derived clients share: the caller's, or the one created here. */
  public OkHttpClient sharedOkHttpClient() {
    return shared;
  }

  @Override
  public void close() {
    asyncExecutor.shutdown();
    if (ownsShared) {
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
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

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, "SonoranCadClient async " + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /**
   * Whether {@code host} (as {@link HttpUrl#host()} gives it) is this machine: the only hosts plain
   * {@code http} or {@code ws} may carry the API key to unless the caller allows it.
   */
  public static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }
}
