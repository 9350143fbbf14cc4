/**
 * Push events: {@link io.github.dispatchkit.sonorancad.event.SonoranCadEvents}, fed by a
 * {@link io.github.dispatchkit.sonorancad.event.HubConnection} (websocket) or a
 * {@link io.github.dispatchkit.sonorancad.event.PushListener} (HTTP), with typed handlers per
 * {@link io.github.dispatchkit.sonorancad.event.EventType}. Event data are the generated classes of
 * {@code io.github.dispatchkit.sonorancad.generated.event}.
 */
package io.github.dispatchkit.sonorancad.event;
