package io.github.dispatchkit.sonorancad;

/**
 * Receives the client's HTTP log, one line at a time: each request as sent (method, URL, headers)
 * and each response (status, time, headers), never a body. The client writes the lines after it
 * added its own headers, so they show what went on the wire, with the API key redacted: the
 * {@code Authorization} header reads {@code Bearer ***}, and {@code Cookie}, {@code Set-Cookie} and
 * {@code Proxy-Authorization} values read {@code ***}. Set one with {@link
 * SonoranCadClient.Builder#httpLogger}; {@code io.github.dispatchkit.sonorancad.logging.Slf4jCallListener#httpLogger()}
 * writes them to SLF4J.
 *
 * <p>Called on the thread of the HTTP attempt; implementations must be thread-safe.
 */
@FunctionalInterface
public interface HttpLogger {
  /** Logs one line of the HTTP log. */
  void log(String line);
}
