package io.github.dispatchkit.sonorancad.exception;

import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The API answered with an error status. Carries the HTTP status and the fields of the error body.
 * The one exception is {@link ClientRateLimitException}, a {@link RateLimitException} raised before
 * sending.
 *
 * <p>Failed requests return {@code application/problem+json} ({@code type}, {@code title},
 * {@code detail}, {@code instance}, {@code traceId}); the gateway's 429 returns {@code message} and
 * {@code request_id}. Absent fields are null. A body that is not JSON (an HTML error page, say) leaves
 * them null and is kept as {@link #bodySnippet()}. The whole response is kept too: {@link #headers()}
 * and {@link #body()}, the API key redacted. Subclasses name the common statuses.
 */
public abstract class SonoranCadServiceException extends SonoranCadException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final ErrorDetails details;

  SonoranCadServiceException(String operationId, int statusCode, ErrorDetails details) {
    this(operationId, statusCode, message(operationId, statusCode, details), details);
  }

  SonoranCadServiceException(String operationId, int statusCode, String message, ErrorDetails details) {
    super(operationId, message, null);
    this.statusCode = statusCode;
    this.details = details;
  }

  private static String message(String operationId, int statusCode, ErrorDetails details) {
    StringBuilder result = new StringBuilder(operationId).append(": HTTP ").append(statusCode);
    if (details.title != null) {
      result.append(' ').append(details.title);
    }
    if (details.detail != null) {
      result.append(": ").append(details.detail);
    } else if (details.title == null && !details.bodySnippet.isEmpty()) {
      result.append(": ").append(details.bodySnippet);
    }
    if (details.traceId != null) {
      result.append(" (traceId ").append(details.traceId).append(')');
    } else if (details.requestId != null) {
      result.append(" (request_id ").append(details.requestId).append(')');
    }
    return result.toString();
  }

  /** Returns the HTTP status code, such as 404. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the problem {@code type} URI, or null. */
  public @Nullable String problemType() {
    return details.type;
  }

  /** Returns the problem {@code title}, or null. */
  public @Nullable String title() {
    return details.title;
  }

  /** Returns the problem {@code detail}, or null; for a gateway 429, its {@code message}. */
  public @Nullable String detail() {
    return details.detail;
  }

  /** Returns the problem {@code instance} (the request path), or null. */
  public @Nullable String instance() {
    return details.instance;
  }

  /** Returns the problem {@code traceId} to quote to Sonoran support, or null. */
  public @Nullable String traceId() {
    return details.traceId;
  }

  /** Returns the gateway's {@code request_id}, or null. */
  public @Nullable String requestId() {
    return details.requestId;
  }

  /** Returns the delay the server asked for in {@code Retry-After}, if it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(details.retryAfter);
  }

  /** Returns the start of the raw body ({@code ""} when empty), with the API key redacted. */
  public String bodySnippet() {
    return details.bodySnippet;
  }

  /** Returns the response headers, the API key redacted; empty for an error raised before sending. */
  public Headers headers() {
    return details.headers;
  }

  /** Returns the whole body ({@code ""} when empty), with the API key redacted. */
  public String body() {
    return details.body;
  }

  /**
   * The parts of an error response, as read by the client; every field but the snippet may be null.
   */
  public static final class ErrorDetails {
    final @Nullable String type;
    final @Nullable String title;
    final @Nullable String detail;
    final @Nullable String instance;
    final @Nullable String traceId;
    final @Nullable String requestId;
    final @Nullable Duration retryAfter;
    final String bodySnippet;
    final Headers headers;
    final String body;

    /**
     * Creates error details; pass null for absent fields.
     *
     * @param type problem type
     * @param title problem title
     * @param detail problem detail, or the gateway message
     * @param instance problem instance
     * @param traceId problem traceId
     * @param requestId gateway request_id
     * @param retryAfter parsed Retry-After
     * @param bodySnippet start of the raw body, redacted; null reads as empty
     */
    public ErrorDetails(
        @Nullable String type,
        @Nullable String title,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable String traceId,
        @Nullable String requestId,
        @Nullable Duration retryAfter,
        @Nullable String bodySnippet) {
      this(type, title, detail, instance, traceId, requestId, retryAfter, bodySnippet, Headers.of(),
          bodySnippet == null ? "" : bodySnippet);
    }

    /**
     * Creates the details of a response, as {@link #ErrorDetails(String, String, String, String, String,
     * String, Duration, String)}, with its headers and whole body, both already redacted.
     */
    public ErrorDetails(
        @Nullable String type,
        @Nullable String title,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable String traceId,
        @Nullable String requestId,
        @Nullable Duration retryAfter,
        @Nullable String bodySnippet,
        Headers headers,
        String body) {
      this.type = type;
      this.title = title;
      this.detail = detail;
      this.instance = instance;
      this.traceId = traceId;
      this.requestId = requestId;
      this.retryAfter = retryAfter;
      this.bodySnippet = bodySnippet == null ? "" : bodySnippet;
      this.headers = headers;
      this.body = body;
    }
  }
}
