package io.github.dispatchkit.sonorancad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * A file part of a {@code multipart/form-data} call, such as a bodycam recording: from a file on
 * disk, from bytes, or from a stream of known length. Files and streams are streamed while sending,
 * never held in memory whole. A missing or unreadable file is reported by the call's validation
 * ({@link #problem()}), before any I/O. Immutable; a stream can be sent once (its part is one-shot).
 */
public final class Upload {
  private final String fileName;
  private final MediaType contentType;
  private final long length;
  private final @Nullable Path path;
  private final byte @Nullable [] bytes;
  private final @Nullable InputStream stream;

  private Upload(String fileName, MediaType contentType, long length, @Nullable Path path, byte @Nullable [] bytes,
      @Nullable InputStream stream) {
    this.fileName = fileName;
    this.contentType = contentType;
    this.length = length;
    this.path = path;
    this.bytes = bytes;
    this.stream = stream;
  }

  /**
   * Uploads a file on disk, streamed from it while sending; its name is sent as the file name.
   *
   * @param path the file
   * @param contentType such as {@code video/webm}
   * @return the upload
   * @throws IllegalArgumentException if {@code contentType} is not a media type
   */
  public static Upload of(Path path, String contentType) {
    Objects.requireNonNull(path, "path == null");
    Path name = path.getFileName();
    return new Upload(name == null ? "file" : name.toString(), mediaType(contentType), -1, path, null, null);
  }

  /**
   * Uploads bytes held in memory.
   *
   * @param bytes the content, not copied: do not change it before the call completes
   * @param fileName the file name sent with it, such as {@code clip.webm}
   * @param contentType such as {@code video/webm}
   * @return the upload
   */
  public static Upload of(byte[] bytes, String fileName, String contentType) {
    Objects.requireNonNull(bytes, "bytes == null");
    return new Upload(fileName(fileName), mediaType(contentType), bytes.length, null, bytes, null);
  }

  /**
   * Uploads {@code length} bytes read from {@code stream} while sending; the call closes it.
   *
   * @param stream the content
   * @param length how many bytes it holds: sent as the part's length, so it must be exact
   * @param fileName the file name sent with it, such as {@code clip.webm}
   * @param contentType such as {@code video/webm}
   * @return the upload
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public static Upload of(InputStream stream, long length, String fileName, String contentType) {
    Objects.requireNonNull(stream, "stream == null");
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    return new Upload(fileName(fileName), mediaType(contentType), length, null, null, stream);
  }

  /** The file name sent with the content. */
  public String fileName() {
    return fileName;
  }

  /** The content type sent with the content. */
  public String contentType() {
    return contentType.toString();
  }

  /**
   * Returns why this upload cannot be sent (a file that does not exist or cannot be read), or null
   * when it can.
   *
   * @return the problem, naming the file, or null
   */
  public @Nullable String problem() {
    if (path != null && !Files.isRegularFile(path)) {
      return "no such file: " + path;
    }
    if (path != null && !Files.isReadable(path)) {
      return "cannot read " + path;
    }
    return null;
  }

  /**
   * Returns the body of this part, streamed while sending.
   *
   * @return the OkHttp body
   */
  public RequestBody requestBody() {
    if (path != null) {
      return RequestBody.create(path.toFile(), contentType);
    }
    if (bytes != null) {
      return RequestBody.create(bytes, contentType);
    }
    return new StreamBody(Objects.requireNonNull(stream), length, contentType);
  }

  @Override
  public String toString() {
    return "Upload{" + fileName + ", " + contentType + (length >= 0 ? ", " + length + " bytes" : "") + "}";
  }

  private static String fileName(String fileName) {
    Objects.requireNonNull(fileName, "fileName == null");
    if (fileName.isBlank()) {
      throw new IllegalArgumentException("fileName is blank");
    }
    return fileName;
  }

  private static MediaType mediaType(String contentType) {
    Objects.requireNonNull(contentType, "contentType == null");
    MediaType type = MediaType.parse(contentType);
    if (type == null) {
      throw new IllegalArgumentException("not a media type: " + contentType);
    }
    return type;
  }

  /** A stream's content: one-shot, so OkHttp never resends it. */
  private static final class StreamBody extends RequestBody {
    private final InputStream stream;
    private final long length;
    private final MediaType contentType;

    StreamBody(InputStream stream, long length, MediaType contentType) {
      this.stream = stream;
      this.length = length;
      this.contentType = contentType;
    }

    @Override
    public MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (Source source = Okio.source(stream)) {
        long written = 0;
        okio.Buffer buffer = new okio.Buffer();
        for (long n; written < length && (n = source.read(buffer, Math.min(8192, length - written))) != -1; ) {
          sink.write(buffer, n);
          written += n;
        }
        if (written != length) {
          throw new IOException("the stream ended after " + written + " of " + length + " bytes");
        }
      }
    }
  }
}
