package io.github.dispatchkit.sonorancad.metrics;

import io.github.dispatchkit.sonorancad.CallListener;
import io.github.dispatchkit.sonorancad.Drift;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records call events as Micrometer meters, each tagged with the spec's {@code operation} ID:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Other tags</th><th>What</th></tr>
 *   <tr><td>{@value #CALLS}</td><td>timer</td><td>{@code outcome}: {@code success} or the
 *       exception's simple name</td><td>whole calls, waits and retries included</td></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>timer</td><td>{@code status}: the HTTP status, or
 *       {@code IO_ERROR}</td><td>each attempt on the wire</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>{@code reason}: a {@link RetryReason}</td>
 *       <td>retries</td></tr>
 *   <tr><td>{@value #PERMIT_WAITS}</td><td>timer</td><td>{@code acquired}: {@code true} or
 *       {@code false}</td><td>waits for a rate-limit permit</td></tr>
 *   <tr><td>{@value #RATE_LIMITED}</td><td>counter</td><td></td><td>429 answers of the server</td></tr>
 *   <tr><td>{@value #DRIFTS}</td><td>counter</td><td>{@code kind}: a {@link Drift.Kind}</td>
 *       <td>values of success responses that drifted from the spec</td></tr>
 * </table>
 *
 * <pre>{@code
 * SonoranCadClient client = SonoranCadClient.builder()
 *     .apiKey(apiKey)
 *     .listener(new MicrometerCallListener(registry))
 *     .build();
 * }</pre>
 */
public final class MicrometerCallListener implements CallListener {
  /** Timer of whole calls. */
  public static final String CALLS = "sonoran.cad.calls";
  /** Timer of HTTP attempts. */
  public static final String REQUESTS = "sonoran.cad.requests";
  /** Counter of retries. */
  public static final String RETRIES = "sonoran.cad.retries";
  /** Timer of rate-limit permit waits. */
  public static final String PERMIT_WAITS = "sonoran.cad.permit.waits";
  /** Counter of 429 answers. */
  public static final String RATE_LIMITED = "sonoran.cad.rate.limited";
  /** Counter of drifted response values. */
  public static final String DRIFTS = "sonoran.cad.response.drifts";

  private final MeterRegistry registry;

  /** Records into {@code registry}. */
  public MicrometerCallListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  @Override
  public void permitWaitEnd(String operationId, Duration waited, boolean acquired) {
    timer(PERMIT_WAITS, operationId, "acquired", String.valueOf(acquired)).record(waited);
  }

  @Override
  public void responseReceived(String operationId, int attempt, int statusCode, Duration elapsed) {
    timer(REQUESTS, operationId, "status", String.valueOf(statusCode)).record(elapsed);
  }

  @Override
  public void requestFailed(String operationId, int attempt, IOException failure, Duration elapsed) {
    timer(REQUESTS, operationId, "status", "IO_ERROR").record(elapsed);
  }

  @Override
  public void rateLimited(String operationId, int attempt, Optional<Duration> retryAfter) {
    Counter.builder(RATE_LIMITED).description("429 answers of the server")
        .tag("operation", operationId).register(registry).increment();
  }

  @Override
  public void responseDrift(String operationId, List<Drift> drifts) {
    for (Drift drift : drifts) {
      Counter.builder(DRIFTS).description("values of success responses that drifted from the spec")
          .tag("operation", operationId).tag("kind", drift.kind().name()).register(registry).increment();
    }
  }

  @Override
  public void retry(String operationId, int nextAttempt, RetryReason reason, Duration wait) {
    Counter.builder(RETRIES).description("retried attempts")
        .tag("operation", operationId).tag("reason", reason.name()).register(registry).increment();
  }

  @Override
  public void callEnd(String operationId, Duration elapsed) {
    timer(CALLS, operationId, "outcome", "success").record(elapsed);
  }

  @Override
  public void callFailed(String operationId, RuntimeException failure, Duration elapsed) {
    timer(CALLS, operationId, "outcome", failure.getClass().getSimpleName()).record(elapsed);
  }

  private Timer timer(String name, String operationId, String tag, String value) {
    return Timer.builder(name).tag("operation", operationId).tag(tag, value).register(registry);
  }
}
