package io.github.dispatchkit.sonorancad.internal.event;

import io.github.dispatchkit.sonorancad.exception.SonoranCadException;

/** Where the hub client and the HTTP listener hand received events and their errors. Thread-safe. */
public interface EnvelopeSink {
  /**
   * Takes one received envelope, returning at once: decoding and handlers run elsewhere.
   *
   * @param envelope the parsed JSON value of the envelope (normally a map), key included
   * @param fromHub true for the websocket hub, false for the HTTP listener
   */
  void accept(Object envelope, boolean fromHub);

  /** Reports a failure that did not stop the stream (the message never holds the API key). */
  void error(SonoranCadException error);
}
