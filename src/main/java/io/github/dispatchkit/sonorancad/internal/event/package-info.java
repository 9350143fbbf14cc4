/**
 * Internals of push events: the SignalR hub protocol and connection, the HTTP listener, key
 * comparison. Not API: may change in any release.
 */
@NullMarked
package io.github.dispatchkit.sonorancad.internal.event;

import org.jspecify.annotations.NullMarked;
