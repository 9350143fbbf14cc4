package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import io.github.dispatchkit.sonorancad.exception.BadRequestException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.ServerErrorException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException.ErrorDetails;
import io.github.dispatchkit.sonorancad.exception.UnexpectedStatusCodeException;
import io.github.dispatchkit.sonorancad.generated.model.Problem;
import io.github.dispatchkit.sonorancad.generated.model.RateLimitError;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Headers;

/** Turns an error response into the typed exception for its status: the one place that does. */
final class ErrorMapper {
  private static final JsonAdapter<Problem> PROBLEM = Json.MOSHI.adapter(Problem.class);
  private static final JsonAdapter<RateLimitError> GATEWAY = Json.MOSHI.adapter(RateLimitError.class);

  private final ApiKey apiKey;

  ErrorMapper(ApiKey apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * Returns the exception for an error response's status, from its headers and whole body.
   */
  SonoranCadServiceException map(String operationId, int code, Headers headers, String body, Instant now) {
    ErrorDetails details = details(body, headers, now);
    switch (code) {
      case 400:
        return new BadRequestException(operationId, code, details);
      case 401:
      case 403:
        return new AuthenticationException(operationId, code, details);
      case 404:
        return new NotFoundException(operationId, code, details);
      case 429:
        return new RateLimitException(operationId, code, details);
      default:
        return code >= 500
            ? new ServerErrorException(operationId, code, details)
            : new UnexpectedStatusCodeException(operationId, code, details);
    }
  }

  private ErrorDetails details(String body, Headers headers, Instant now) {
    String snippet = Snippet.of(body, apiKey);
    Problem problem = null;
    RateLimitError gateway = null;
    try {
      problem = PROBLEM.fromJson(body);
      gateway = GATEWAY.fromJson(body);
    } catch (IOException | RuntimeException notJson) {
      // Not a JSON object (HTML page, empty, truncated): only the snippet is kept.
    }
    String detail = problem != null && problem.detail() != null
        ? problem.detail()
        : gateway != null ? gateway.message() : null;
    // Every field leaves the client (accessors, the message): none may carry an echoed key.
    return new ErrorDetails(
        apiKey.redact(problem == null ? null : problem.type()),
        apiKey.redact(problem == null ? null : problem.title()),
        apiKey.redact(detail),
        apiKey.redact(problem == null ? null : problem.instance()),
        apiKey.redact(problem == null ? null : problem.traceId()),
        apiKey.redact(gateway == null ? null : gateway.requestId()),
        RetryAfter.parse(headers.get("Retry-After"), now),
        snippet,
        Exchange.redact(headers, apiKey),
        apiKey.redact(body));
  }
}
