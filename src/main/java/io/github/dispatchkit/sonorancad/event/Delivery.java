package io.github.dispatchkit.sonorancad.event;

/** How an event reached this client. */
public enum Delivery {
  /** The websocket hub's {@code pushEvent}. */
  HUB,
  /** A POST to the HTTP push listener (the CAD's fallback when no hub session matches the server). */
  HTTP
}
