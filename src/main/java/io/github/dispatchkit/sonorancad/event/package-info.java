/**
 * Push events: {@link io.github.dispatchkit.sonorancad.event.SonoranCadEvents}, fed by a
 * {@link io.github.dispatchkit.sonorancad.event.HubConnection} (websocket) or a
 * {@link io.github.dispatchkit.sonorancad.event.PushListener} (HTTP), with typed handlers per
 * {@link io.github.dispatchkit.sonorancad.event.EventType}. Event data are generated classes of
 * {@code io.github.dispatchkit.sonorancad.generated.model}, the same as the API's where the shapes
 * match (a unit, a dispatch call, a 911 call, a record).
 */
@NullMarked
package io.github.dispatchkit.sonorancad.event;

import org.jspecify.annotations.NullMarked;
