package io.github.dispatchkit.sonorancad.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Caps every response body, success or error, at {@code maxBytes}, while it streams: a read that
 * would pass the cap throws {@link TooLargeException} at once, before the excess is held, and a
 * {@code Content-Length} above the cap throws on the first read. An application interceptor, so it
 * counts the bytes after OkHttp's transparent gzip decoding: a small compressed body that inflates
 * past the cap is stopped too.
 */
final class ResponseSizeInterceptor implements Interceptor {
  private final long maxBytes;

  ResponseSizeInterceptor(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    long declared = body.contentLength();
    if (declared >= 0 && declared <= maxBytes
        && (response.protocol() == Protocol.HTTP_1_1 || response.protocol() == Protocol.HTTP_1_0)) {
      // HTTP/1 frames the body by its Content-Length (OkHttp's fixed-length source reads no more, and
      // drops the length when it inflates gzip): a declared length within the cap is the cap.
      return response;
    }
    return response.newBuilder().body(new CappedBody(body, response.code(), maxBytes)).build();
  }

  /** The body was larger than the cap; mapped to {@code ResponseTooLargeException}. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    final int statusCode;
    final long maxBytes;

    TooLargeException(int statusCode, long maxBytes) {
      super("the HTTP " + statusCode + " response body exceeds " + maxBytes + " bytes");
      this.statusCode = statusCode;
      this.maxBytes = maxBytes;
    }
  }

  private static final class CappedBody extends ResponseBody {
    private final ResponseBody delegate;
    private final BufferedSource source;

    CappedBody(ResponseBody delegate, int statusCode, long maxBytes) {
      this.delegate = delegate;
      long declared = delegate.contentLength();
      this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
        private long read;

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          if (declared > maxBytes) {
            throw new TooLargeException(statusCode, maxBytes);
          }
          // Never asks for more than one byte past the cap: the excess is not held.
          long n = super.read(sink, Math.min(byteCount, maxBytes - read + 1));
          if (n > 0) {
            read += n;
            if (read > maxBytes) {
              throw new TooLargeException(statusCode, maxBytes);
            }
          }
          return n;
        }
      });
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
