package io.github.dispatchkit.sonorancad.event;

import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The options of one hub connection, as {@link HubConnection.Builder} fixed them; the key, the
 * transport and the time come from the {@link SonoranCadEvents} that starts it. Holds no secret.
 */
record HubSettings(
    HttpUrl url,
    String communityId,
    @Nullable Integer serverId,
    Duration keepAliveInterval,
    Duration serverTimeout,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    Duration unitLocationInterval,
    Duration handshakeTimeout,
    int maxMessageBytes,
    Consumer<HubState> stateListener) {
}
