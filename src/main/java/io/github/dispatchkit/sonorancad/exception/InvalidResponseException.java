package io.github.dispatchkit.sonorancad.exception;

import io.github.dispatchkit.sonorancad.Drift;
import java.util.List;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a success status but a body this client cannot use at all: empty where
 * a body is documented, not JSON, or of the wrong shape at the top (an object where an array is
 * documented and no item could be typed). In strict mode ({@code strictResponses}), also any
 * {@linkplain #drifts() drift} from the spec, every one named at once.
 *
 * <p>The server did answer 2xx, so the request may have been applied: a non-idempotent call (such
 * as Create Identifier) must not be retried blindly. The raw response is kept to read what it holds:
 * {@link #statusCode()}, {@link #headers()} and the whole {@link #body()}, the API key redacted,
 * and the decoding failure as the {@linkplain #getCause() cause}, redacted too.
 */
public final class InvalidResponseException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final transient Headers headers;
  private final String body;
  private final String bodySnippet;
  private final List<Drift> drifts;

  /**
   * Creates an exception for an unusable success body without a raw response at hand (such as a
   * page that breaks paging).
   *
   * @param operationId the spec's operationId
   * @param problem what is wrong with the body
   * @param bodySnippet the start of the raw body, already redacted
   */
  public InvalidResponseException(String operationId, String problem, String bodySnippet) {
    super(operationId, operationId + ": success status with an unusable body: " + problem
        + " (body: " + bodySnippet + ")", null);
    this.statusCode = 0;
    this.headers = Headers.of();
    this.body = bodySnippet;
    this.bodySnippet = bodySnippet;
    this.drifts = List.of();
  }

  /**
   * Creates an exception for an unusable success response.
   *
   * @param operationId the spec's operationId
   * @param idempotent whether the operation may be repeated; the message warns when not
   * @param statusCode the 2xx status
   * @param headers the response headers, already redacted
   * @param body the whole body, already redacted
   * @param bodySnippet the start of the body for the message, already redacted
   * @param problem what is wrong with the body, already redacted
   * @param drifts in strict mode, every drift found; else empty
   * @param cause the decoding failure, already redacted, or null
   */
  public InvalidResponseException(String operationId, boolean idempotent, int statusCode, Headers headers,
      String body, String bodySnippet, String problem, List<Drift> drifts, @Nullable Throwable cause) {
    super(operationId, operationId + ": the server answered HTTP " + statusCode
        + (idempotent ? "" : ", so this non-idempotent request may have been applied (read body() before retrying),")
        + " but the body is unusable: " + problem + " (body: " + bodySnippet + ")", cause);
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
    this.bodySnippet = bodySnippet;
    this.drifts = List.copyOf(drifts);
  }

  /** Returns the HTTP status, such as 200; 0 when no response is at hand. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the response headers, the API key redacted; empty when no response is at hand. */
  public Headers headers() {
    return headers;
  }

  /** Returns the whole body ({@code ""} when empty), with the API key redacted. */
  public String body() {
    return body;
  }

  /** Returns the start of the raw body ({@code ""} when empty), with the API key redacted. */
  public String bodySnippet() {
    return bodySnippet;
  }

  /** Returns, in strict mode, every drift of the response from the spec; else empty. */
  public List<Drift> drifts() {
    return drifts;
  }
}
