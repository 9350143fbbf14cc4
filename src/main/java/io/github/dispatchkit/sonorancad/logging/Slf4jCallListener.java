package io.github.dispatchkit.sonorancad.logging;

import io.github.dispatchkit.sonorancad.CallListener;
import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.HttpLogger;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every call event to SLF4J, under the logger {@value #LOGGER_NAME} unless given another:
 *
 * <ul>
 *   <li>{@code WARN}: a 429 from the server, a failed call, and a response that drifted from the
 *       spec (one line per response naming each drift: JSON path, kind, expected, received);
 *   <li>{@code INFO}: a permit wait (start with the expected wait, end with the real one) and a
 *       retry (reason and wait), the silent waits that can hold a call for up to 90 s;
 *   <li>{@code DEBUG}: each call's start and end, each attempt's request and response.
 * </ul>
 *
 * <p>Each line starts with the operation ID. No line holds the API key. {@link #httpLogger()}
 * logs the HTTP exchanges themselves, with {@code Authorization} redacted, at {@code DEBUG} under
 * {@value #HTTP_LOGGER_NAME}:
 *
 * <pre>{@code
 * SonoranCadClient client = SonoranCadClient.builder()
 *     .apiKey(apiKey)
 *     .listener(new Slf4jCallListener())
 *     .httpLogger(Slf4jCallListener.httpLogger())
 *     .build();
 * }</pre>
 */
public final class Slf4jCallListener implements CallListener {
  /** The logger of call events. */
  public static final String LOGGER_NAME = "io.github.dispatchkit.sonorancad";
  /** The logger of the HTTP log. */
  public static final String HTTP_LOGGER_NAME = "io.github.dispatchkit.sonorancad.http";

  private final Logger logger;

  /** Logs to the logger {@value #LOGGER_NAME}. */
  public Slf4jCallListener() {
    this(LoggerFactory.getLogger(LOGGER_NAME));
  }

  /** Logs to {@code logger}. */
  public Slf4jCallListener(Logger logger) {
    this.logger = Objects.requireNonNull(logger, "logger == null");
  }

  /** Returns an {@link HttpLogger} writing each line at {@code DEBUG} to {@value #HTTP_LOGGER_NAME}. */
  public static HttpLogger httpLogger() {
    return httpLogger(LoggerFactory.getLogger(HTTP_LOGGER_NAME));
  }

  /** Returns an {@link HttpLogger} writing each line at {@code DEBUG} to {@code logger}. */
  public static HttpLogger httpLogger(Logger logger) {
    Objects.requireNonNull(logger, "logger == null");
    return logger::debug;
  }

  @Override
  public void callStart(String operationId) {
    logger.debug("{}: call started", operationId);
  }

  @Override
  public void permitWaitStart(String operationId, Duration expected) {
    logger.info("{}: rate limit used up, waiting about {} ms for a permit", operationId, expected.toMillis());
  }

  @Override
  public void permitWaitEnd(String operationId, Duration waited, boolean acquired) {
    logger.info("{}: {} after waiting {} ms", operationId,
        acquired ? "permit acquired" : "gave up on a permit", waited.toMillis());
  }

  @Override
  public void requestStart(String operationId, int attempt, String method, HttpUrl url) {
    logger.debug("{}: attempt {} {} {}", operationId, attempt, method, url);
  }

  @Override
  public void responseReceived(String operationId, int attempt, int statusCode, Duration elapsed) {
    logger.debug("{}: attempt {} answered {} in {} ms", operationId, attempt, statusCode, elapsed.toMillis());
  }

  @Override
  public void responseDrift(String operationId, List<Drift> drifts) {
    StringBuilder each = new StringBuilder();
    for (Drift drift : drifts) {
      each.append(each.length() == 0 ? "" : "; ").append(drift);
    }
    logger.warn("{}: response drifted from the spec at {} place(s): {}", operationId, drifts.size(), each);
  }

  @Override
  public void requestFailed(String operationId, int attempt, IOException failure, Duration elapsed) {
    logger.debug("{}: attempt {} failed after {} ms: {}", operationId, attempt, elapsed.toMillis(), failure.toString());
  }

  @Override
  public void rateLimited(String operationId, int attempt, Optional<Duration> retryAfter) {
    logger.warn("{}: attempt {} rate limited by the server (429), Retry-After {}", operationId, attempt,
        retryAfter.map(wait -> wait.toMillis() + " ms").orElse("absent"));
  }

  @Override
  public void retry(String operationId, int nextAttempt, RetryReason reason, Duration wait) {
    logger.info("{}: attempt {} in {} ms after {}", operationId, nextAttempt, wait.toMillis(), reason);
  }

  @Override
  public void callEnd(String operationId, Duration elapsed) {
    logger.debug("{}: call succeeded in {} ms", operationId, elapsed.toMillis());
  }

  @Override
  public void callFailed(String operationId, RuntimeException failure, Duration elapsed) {
    logger.warn("{}: call failed after {} ms: {}", operationId, elapsed.toMillis(), failure.toString());
  }
}
