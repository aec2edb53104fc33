package dev.beacon.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A client connected to a hub (upstream {@code connections/connected}).
 *
 * @param hub the hub, lower-cased
 * @param connectionId the connection
 * @param userId the user, if any
 */
public record ClientConnectedEvent(String hub, String connectionId, @Nullable String userId) {

}
