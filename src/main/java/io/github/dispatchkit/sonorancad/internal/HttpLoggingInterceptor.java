package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.HttpLogger;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Network interceptor writing each exchange's request line, status and headers (no bodies) to an
 * {@link HttpLogger}. It runs after {@link HeadersInterceptor}, so it logs what goes on the wire;
 * every line passes through {@link ApiKey#redact}, and credential headers are masked whole.
 */
public final class HttpLoggingInterceptor implements Interceptor {
  private static final Set<String> MASKED = Set.of("cookie", "set-cookie", "proxy-authorization");

  private final HttpLogger logger;
  private final ApiKey apiKey;

  /** Logs to {@code logger}, every line redacted of {@code apiKey}; REST and the push-event hub use it. */
  public HttpLoggingInterceptor(HttpLogger logger, ApiKey apiKey) {
    this.logger = logger;
    this.apiKey = apiKey;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    log("--> " + request.method() + " " + request.url());
    headers(request.headers());
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      log("<-- HTTP FAILED: " + e);
      throw e;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    log("<-- " + response.code() + " " + request.method() + " " + request.url() + " (" + millis + " ms)");
    headers(response.headers());
    return response;
  }

  private void headers(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      log(name + ": " + (MASKED.contains(name.toLowerCase(Locale.ROOT)) ? ApiKey.MASK : headers.value(i)));
    }
  }

  private void log(String line) {
    logger.log(apiKey.redact(line));
  }
}
