package io.github.dispatchkit.sonorancad.example;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * An OkHttp interceptor that prints each request the client sends and the response it gets: method, path, status and bodies.
 *
 * <p>It is added to the {@code OkHttpClient} given to the client's builder, so it runs before the
 * client's own interceptors: it sees every attempt (a retry is printed again) but never the
 * {@code Authorization} header, which the client adds afterwards, only for the API's origin. As a
 * second guard, any occurrence of the API key in a printed line is replaced by {@code ***}.
 * Printing can be muted while counting goes on, for a burst. Thread-safe.
 */
final class TranscriptInterceptor implements Interceptor {
  private static final int MAX_BODY = 4_096;

  private final PrintStream out;
  private final String apiKey;
  private final Map<Integer, Integer> statusCounts = new TreeMap<>();
  private volatile boolean printing = true;

  TranscriptInterceptor(PrintStream out, String apiKey) {
    this.out = Objects.requireNonNull(out, "out");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String sent = request.method() + " " + request.url().encodedPath() + " " + bodyOf(request.body());
    Response response = chain.proceed(request);
    String received = response.code() + " " + response.peekBody(MAX_BODY).string();
    synchronized (this) {
      statusCounts.merge(response.code(), 1, Integer::sum);
      if (printing) {
        out.println("  > " + redact(sent.strip()));
        out.println("  < " + redact(received.strip()));
      }
    }
    return response;
  }

  /** Starts or stops printing exchanges; they are counted either way. */
  void printing(boolean printing) {
    this.printing = printing;
  }

  /** Returns how many responses had each status code, in code order. */
  synchronized Map<Integer, Integer> statusCounts() {
    return new TreeMap<>(statusCounts);
  }

  private static String bodyOf(RequestBody body) throws IOException {
    if (body == null) {
      return "";
    }
    if (body.isOneShot() || body.isDuplex()) {
      return "(body not printed: it can be sent only once)";
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    return buffer.readUtf8();
  }

  private String redact(String line) {
    return line.replace(apiKey, "***");
  }
}
