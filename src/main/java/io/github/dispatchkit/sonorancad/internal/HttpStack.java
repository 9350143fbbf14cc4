package io.github.dispatchkit.sonorancad.internal;

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
 * created here (closed by {@link #close()}), adding the header and one-shot-body interceptors.
 */
public final class HttpStack implements AutoCloseable {
  /** Sent as {@code User-Agent}: this library and its version. */
  public static final String USER_AGENT = "sonoran-cad-client-java/" + version();

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final OkHttpClient shared;
  private final boolean ownsShared;
  private final Retrofit retrofit;
  private final ExecutorService asyncExecutor;

  /**
   * Builds the stack; null timeouts keep the supplied client's, or the defaults for a created one.
   *
   * @param callerClient the caller's client to derive from, or null to create one
   */
  public HttpStack(
      String apiKey,
      HttpUrl baseUrl,
      @Nullable OkHttpClient callerClient,
      @Nullable Duration connectTimeout,
      @Nullable Duration readTimeout,
      @Nullable Duration callTimeout) {
    this.ownsShared = callerClient == null;
    this.shared = callerClient != null
        ? callerClient
        : new OkHttpClient.Builder()
            .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
            .readTimeout(DEFAULT_READ_TIMEOUT)
            .callTimeout(DEFAULT_CALL_TIMEOUT)
            .build();
    OkHttpClient.Builder derived = shared.newBuilder()
        .addInterceptor(new OneShotBodyInterceptor())
        .addNetworkInterceptor(new HeadersInterceptor(baseUrl, apiKey, USER_AGENT));
    if (connectTimeout != null) {
      derived.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      derived.readTimeout(readTimeout);
    }
    if (callTimeout != null) {
      derived.callTimeout(callTimeout);
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
}
