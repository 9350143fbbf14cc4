package io.github.dispatchkit.sonorancad.event;

/** The state of a {@link HubConnection}. */
public enum HubState {
  /** Built, not started. */
  NEW,
  /** Opening the websocket, doing the handshake or authenticating, for the first time. */
  CONNECTING,
  /** Authenticated: events arrive and {@code unitLocation} can be sent. */
  AUTHENTICATED,
  /** The connection dropped; a new one is scheduled with backoff and will authenticate again. */
  RECONNECTING,
  /** The hub refused authentication; no retry until a new connection is made. */
  FAILED,
  /** Closed by the application. */
  CLOSED
}
