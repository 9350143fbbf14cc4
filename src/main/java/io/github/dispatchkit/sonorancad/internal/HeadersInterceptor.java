package io.github.dispatchkit.sonorancad.internal;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Network interceptor adding {@code Accept} (JSON and problem+json), {@code User-Agent} and, only for the configured API
 * origin, {@code Authorization: Bearer}.
 *
 * <p>Being a network interceptor, it runs for every hop, so a redirect to another scheme, host or
 * port never carries the key; interceptors of a caller-supplied {@code OkHttpClient} run before it
 * and never see the key either.
 */
final class HeadersInterceptor implements Interceptor {
  /** Success bodies are JSON; failed requests answer {@code application/problem+json}. */
  static final String ACCEPT = "application/json, application/problem+json";

  private final HttpUrl apiOrigin;
  private final String authorization;
  private final String userAgent;

  HeadersInterceptor(HttpUrl apiOrigin, ApiKey apiKey, String userAgent) {
    this.apiOrigin = apiOrigin;
    this.authorization = apiKey.authorization();
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder builder = request.newBuilder()
        .header("Accept", ACCEPT)
        .header("User-Agent", userAgent);
    HttpUrl url = request.url();
    if (url.scheme().equals(apiOrigin.scheme())
        && url.host().equals(apiOrigin.host())
        && url.port() == apiOrigin.port()) {
      builder.header("Authorization", authorization);
    } else {
      builder.removeHeader("Authorization");
    }
    return chain.proceed(builder.build());
  }

  @Override
  public String toString() {
    return "HeadersInterceptor{origin=" + apiOrigin + "}";
  }
}
