package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.exception.SonoranCadException;

/** Where the hub client and the HTTP listener hand received events and their errors. Thread-safe. */
interface EnvelopeSink {
  /**
   * Queues one received envelope, returning at once: decoding and handlers run elsewhere.
   *
   * @param envelope the parsed JSON value of the envelope (normally a map), key included
   * @param fromHub true for the websocket hub, false for the HTTP listener
   * @param size the length of the envelope's JSON text, counted against the queue's byte budget
   * @return false if the queue is full and the envelope was dropped (the drop is reported later)
   */
  boolean accept(Object envelope, boolean fromHub, int size);

  /** Reports a failure that did not stop the stream (the message never holds the API key). */
  void error(SonoranCadException error);
}
