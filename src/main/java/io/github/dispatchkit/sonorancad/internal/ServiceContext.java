package io.github.dispatchkit.sonorancad.internal;

/**
 * What every generated service of one client is given: the client's {@link CallExecutor}, its default
 * server ID and its {@link Coalescers}. Immutable; it does nothing itself.
 */
public final class ServiceContext {
  private final CallExecutor executor;
  private final int defaultServerId;
  private final Coalescers coalescers;

  /**
   * Creates the context of one client.
   *
   * @param executor runs the client's calls
   * @param defaultServerId the server ID of calls that take none
   * @param coalescers the client's coalescing streams
   */
  public ServiceContext(CallExecutor executor, int defaultServerId, Coalescers coalescers) {
    this.executor = executor;
    this.defaultServerId = defaultServerId;
    this.coalescers = coalescers;
  }

  /** Returns the executor of the client's calls. */
  public CallExecutor executor() {
    return executor;
  }

  /** Returns the server ID of calls that take none. */
  public Integer defaultServerId() {
    return defaultServerId;
  }

  /** Returns the client's coalescing streams. */
  public Coalescers coalescers() {
    return coalescers;
  }
}
