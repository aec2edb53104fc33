package dev.beacon.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A client disconnected (upstream {@code connections/disconnected}).
 *
 * @param hub the hub, lower-cased
 * @param connectionId the connection
 * @param userId the user, if any
 * @param error why, when the connection failed
 */
public record ClientDisconnectedEvent(String hub, String connectionId, @Nullable String userId,
		@Nullable String error) {

}
