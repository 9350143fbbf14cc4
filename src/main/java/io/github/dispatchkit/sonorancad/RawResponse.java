package io.github.dispatchkit.sonorancad;

import java.util.Objects;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A success response as received, with the value decoded from it: from the {@code withRawResponse()}
 * twin of a generated service, such as {@code client.emergency().identifiers().withRawResponse()}.
 * One request gives both; nothing is sent again.
 *
 * <p>The {@link #headers()} and {@link #body()} have the API key redacted. Immutable and thread-safe.
 *
 * @param <T> the decoded type; {@link Void} for an operation without a documented body
 */
public final class RawResponse<T extends @Nullable Object> {
  private final int statusCode;
  private final Headers headers;
  private final String body;
  private final T value;

  /**
   * Creates a raw response.
   *
   * @param headers the response headers, already redacted
   * @param body the whole body, already redacted; {@code ""} when none was read
   * @param value the decoded value; null only for an operation without a documented body
   */
  public RawResponse(int statusCode, Headers headers, String body, T value) {
    this.statusCode = statusCode;
    this.headers = Objects.requireNonNull(headers, "headers == null");
    this.body = Objects.requireNonNull(body, "body == null");
    this.value = value;
  }

  /** Returns the HTTP status, such as 200. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the response headers. */
  public Headers headers() {
    return headers;
  }

  /** Returns the whole body text as received ({@code ""} when empty), with the API key redacted. */
  public String body() {
    return body;
  }

  /** Returns the value decoded from {@link #body()}, as the plain method returns it. */
  public T value() {
    return value;
  }

  @Override
  public String toString() {
    return "RawResponse{statusCode=" + statusCode + ", body=" + body.length() + " chars, value=" + value + "}";
  }
}
