package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import io.github.dispatchkit.sonorancad.internal.HttpStack;
import io.github.dispatchkit.sonorancad.internal.OptionsAccess;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitStore;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a {@link SonoranCadClient}, immutable: the one object its REST calls, its derived
 * clients ({@link SonoranCadClient#withOptions}) and its push events ({@link SonoranCadClient#events()})
 * all read, so a transport rule set here (https or loopback, timeouts, the logger, the
 * {@code User-Agent}) applies to every connection the client opens. Made by {@link
 * SonoranCadClient.Builder}, whose setters document each setting; {@link #toBuilder()} starts a
 * builder from these.
 *
 * <p>The API key is held here and validated once, when set; no accessor returns it and {@link
 * #toString()} leaves it out.
 */
public final class ClientOptions {
  static {
    OptionsAccess.install(new java.util.function.Function<ClientOptions, ApiKey>() {
      @Override
      public ApiKey apply(ClientOptions options) {
        return options.apiKey;
      }
    });
  }

  final ApiKey apiKey;
  final HttpUrl baseUrl;
  final boolean allowInsecureHttp;
  final int defaultServerId;
  final @Nullable Duration connectTimeout;
  final @Nullable Duration readTimeout;
  final @Nullable Duration attemptTimeout;
  final Duration callTimeout;
  final long maxResponseBytes;
  final @Nullable OkHttpClient okHttpClient;
  final int maxRetries;
  final Duration maxRetryWait;
  final RateLimitMode rateLimitMode;
  final Duration maxRateLimitWait;
  final @Nullable Duration rateLimitWindow;
  final Clock clock;
  final Sleeper sleeper;
  final CallListener listener;
  final @Nullable HttpLogger httpLogger;
  final RateLimitStore rateLimitStore;
  final @Nullable String redisUrl;
  final boolean strictResponses;

  ClientOptions(SonoranCadClient.Builder builder, ApiKey apiKey) {
    this.apiKey = apiKey;
    this.baseUrl = builder.baseUrl;
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.defaultServerId = builder.defaultServerId;
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.attemptTimeout = builder.attemptTimeout;
    this.callTimeout = builder.callTimeout;
    this.maxResponseBytes = builder.maxResponseBytes;
    this.okHttpClient = builder.okHttpClient;
    this.maxRetries = builder.maxRetries;
    this.maxRetryWait = builder.maxRetryWait;
    this.rateLimitMode = builder.rateLimitMode;
    this.maxRateLimitWait = builder.maxRateLimitWait;
    this.rateLimitWindow = builder.rateLimitWindow;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.listener = builder.listener;
    this.httpLogger = builder.httpLogger;
    this.rateLimitStore = builder.rateLimitStore;
    this.redisUrl = builder.redisUrl;
    this.strictResponses = builder.strictResponses;
  }

  /**
   * Returns a builder holding these options, the API key included.
   *
   * @return a new builder; building it makes a client of its own (see {@link
   *     SonoranCadClient#withOptions} to share a client's connections and limits instead)
   */
  public SonoranCadClient.Builder toBuilder() {
    return new SonoranCadClient.Builder(this);
  }

  /** The base URL, ending in {@code /}. See {@link SonoranCadClient.Builder#baseUrl}. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** See {@link SonoranCadClient.Builder#allowInsecureHttp}. */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** See {@link SonoranCadClient.Builder#defaultServerId}. */
  public int defaultServerId() {
    return defaultServerId;
  }

  /** See {@link SonoranCadClient.Builder#connectTimeout}; null for the default. */
  public @Nullable Duration connectTimeout() {
    return connectTimeout;
  }

  /** See {@link SonoranCadClient.Builder#readTimeout}; null for the default. */
  public @Nullable Duration readTimeout() {
    return readTimeout;
  }

  /** See {@link SonoranCadClient.Builder#attemptTimeout}; null for the default. */
  public @Nullable Duration attemptTimeout() {
    return attemptTimeout;
  }

  /** See {@link SonoranCadClient.Builder#callTimeout}. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** See {@link SonoranCadClient.Builder#maxResponseBytes}. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** See {@link SonoranCadClient.Builder#okHttpClient}; null when the client creates its own. */
  public @Nullable OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /** See {@link SonoranCadClient.Builder#maxRetries}. */
  public int maxRetries() {
    return maxRetries;
  }

  /** See {@link SonoranCadClient.Builder#maxRetryWait}. */
  public Duration maxRetryWait() {
    return maxRetryWait;
  }

  /** See {@link SonoranCadClient.Builder#rateLimitMode}. */
  public RateLimitMode rateLimitMode() {
    return rateLimitMode;
  }

  /** See {@link SonoranCadClient.Builder#maxRateLimitWait}. */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /** See {@link SonoranCadClient.Builder#rateLimitWindow}; null for the documented windows. */
  public @Nullable Duration rateLimitWindow() {
    return rateLimitWindow;
  }

  /** See {@link SonoranCadClient.Builder#clock}. */
  public Clock clock() {
    return clock;
  }

  /** See {@link SonoranCadClient.Builder#sleeper}. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** See {@link SonoranCadClient.Builder#listener}. */
  public CallListener listener() {
    return listener;
  }

  /** See {@link SonoranCadClient.Builder#httpLogger}; null for none. */
  public @Nullable HttpLogger httpLogger() {
    return httpLogger;
  }

  /**
   * See {@link SonoranCadClient.Builder#rateLimitStore}. With a {@link
   * SonoranCadClient.Builder#redisUrl}, the store the client creates from it replaces this one.
   */
  public RateLimitStore rateLimitStore() {
    return rateLimitStore;
  }

  /** Whether a {@link SonoranCadClient.Builder#redisUrl} is set (the URI itself may hold a password). */
  public boolean hasRedisUrl() {
    return redisUrl != null;
  }

  /** See {@link SonoranCadClient.Builder#strictResponses}. */
  public boolean strictResponses() {
    return strictResponses;
  }

  /**
   * Whether the base URL may carry the API key: https, a loopback host, or {@link #allowInsecureHttp}.
   * The same rule guards every other URL the client sends the key to, such as the push-event hub's.
   *
   * @param url a URL the key would be sent to
   * @return true when it may
   */
  public boolean maySendKeyTo(HttpUrl url) {
    return url.isHttps() || allowInsecureHttp || HttpStack.isLoopback(url.host());
  }

  @Override
  public String toString() {
    return "ClientOptions{baseUrl=" + baseUrl + ", defaultServerId=" + defaultServerId
        + ", rateLimitMode=" + rateLimitMode + ", strictResponses=" + strictResponses + "}";
  }
}
